import type { Tenant } from "../domain/tenant.js"
import type { TenantId } from "../domain/ids.js"
import type { Page, PageRequest } from "./page.js"

export interface TenantRepository {
  create(tenant: Tenant): Promise<Tenant>
  get(id: TenantId): Promise<Tenant | undefined>
  /** Installation-wide listing, for operators (CLI); API callers only ever see their own tenant. */
  list(page: PageRequest): Promise<Page<Tenant>>
}
