import type { Device, DeviceKind } from "../domain/device.js"
import type { DeviceId, SiteId } from "../domain/ids.js"
import type { TenantScope } from "../domain/tenant.js"
import type { Page, PageRequest } from "./page.js"

export interface DeviceFilter {
  readonly siteId?: SiteId
  readonly kind?: DeviceKind
  /** The manufacturer serial (for RT devices the matricola), exact. */
  readonly serial?: string
}

export interface DeviceRepository {
  /** Fails with `Conflict` when the scope already has a device with the same vendor and serial. */
  create(device: Device): Promise<Device>
  get(scope: TenantScope, id: DeviceId): Promise<Device | undefined>
  list(scope: TenantScope, filter: DeviceFilter, page: PageRequest): Promise<Page<Device>>
  update(scope: TenantScope, device: Device): Promise<Device | undefined>
  delete(scope: TenantScope, id: DeviceId): Promise<boolean>
}
