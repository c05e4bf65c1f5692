import type { DeviceStatus } from "../domain/device-status.js"
import type { DeviceId } from "../domain/ids.js"
import type { TenantScope } from "../domain/tenant.js"
import type { Page, PageRequest } from "./page.js"

/** Status history per device; the latest reading is what dashboards and rules look at. */
export interface DeviceStatusRepository {
  record(scope: TenantScope, status: DeviceStatus): Promise<void>
  latest(scope: TenantScope, deviceId: DeviceId): Promise<DeviceStatus | undefined>
  /** Newest first. The cursor is the `observedAt` of the last row seen. */
  history(scope: TenantScope, deviceId: DeviceId, page: PageRequest): Promise<Page<DeviceStatus>>
}
