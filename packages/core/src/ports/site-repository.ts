import type { Site } from "../domain/site.js"
import type { SiteId } from "../domain/ids.js"
import type { TenantScope } from "../domain/tenant.js"
import type { Page, PageRequest } from "./page.js"

export interface SiteRepository {
  create(site: Site): Promise<Site>
  get(scope: TenantScope, id: SiteId): Promise<Site | undefined>
  list(scope: TenantScope, page: PageRequest): Promise<Page<Site>>
  /** Replaces the stored row (same id and scope); returns undefined when it does not exist in that scope. */
  update(scope: TenantScope, site: Site): Promise<Site | undefined>
}
