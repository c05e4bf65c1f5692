import type { Transmission, TransmissionFilter } from "../domain/corrispettivi.js"
import type { DeviceId } from "../domain/ids.js"
import type { TenantScope } from "../domain/tenant.js"
import type { Page, PageRequest } from "./page.js"

/** The transmission record of each device's Z (one per device and Z). */
export interface TransmissionRepository {
  get(scope: TenantScope, deviceId: DeviceId, zNumber: number): Promise<Transmission | undefined>
  findByTransmissionId(scope: TenantScope, deviceId: DeviceId, transmissionId: string): Promise<Transmission | undefined>
  /** Inserts, or replaces the record of the same device and Z (keeping its id and `createdAt`). */
  save(scope: TenantScope, transmission: Transmission): Promise<Transmission>
  /** Newest first. */
  list(scope: TenantScope, filter: TransmissionFilter, page: PageRequest): Promise<Page<Transmission>>
  /** Every record of a device in `states`, oldest Z first (for the deadline rules). */
  ofDevice(scope: TenantScope, deviceId: DeviceId, states: ReadonlyArray<Transmission["state"]>): Promise<ReadonlyArray<Transmission>>
  /** The device's record with the highest Z in `states`, if any. */
  latest(scope: TenantScope, deviceId: DeviceId, states: ReadonlyArray<Transmission["state"]>): Promise<Transmission | undefined>
}
