import type { Address, Site, SiteId, SiteRepository, TenantId } from "@fisco/core"
import type { Selectable } from "kysely"
import { fromBool, fromJson, optional, orNull, toJson } from "../codec.js"
import type { SitesTable } from "../database.js"
import { newestFirst, toPage } from "../page.js"
import { type StoreContext, inScope } from "../store-context.js"

const decodeSite = (row: Selectable<SitesTable>): Site => ({
  id: row.id as SiteId,
  tenantId: row.tenant_id as TenantId,
  livemode: fromBool(row.livemode),
  name: row.name,
  ...optional("externalRef", row.external_ref),
  address: fromJson<Address>(row.address),
  timezone: row.timezone,
  createdAt: row.created_at,
  updatedAt: row.updated_at
})

/** The columns a site update may change: everything but its identity and creation time. */
const mutableColumns = (site: Site) => ({
  name: site.name,
  external_ref: orNull(site.externalRef),
  address: toJson(site.address),
  timezone: site.timezone,
  updated_at: site.updatedAt
})

export const siteRepository = (ctx: StoreContext): SiteRepository => {
  const { db, dialect } = ctx
  return {
    create: async (site) => {
      const row = await db
        .insertInto("sites")
        .values({
          tenant_id: site.tenantId,
          livemode: dialect.bool(site.livemode),
          id: site.id,
          created_at: site.createdAt,
          ...mutableColumns(site)
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      return decodeSite(row)
    },
    get: async (scope, id) => {
      const row = await db.selectFrom("sites").selectAll().where(inScope(ctx, scope)).where("id", "=", id).executeTakeFirst()
      return row && decodeSite(row)
    },
    list: async (scope, page) =>
      toPage(await newestFirst(db.selectFrom("sites").selectAll().where(inScope(ctx, scope)), page).execute(), page, decodeSite),
    update: async (scope, site) => {
      const row = await db
        .updateTable("sites")
        .set(mutableColumns(site))
        .where(inScope(ctx, scope))
        .where("id", "=", site.id)
        .returningAll()
        .executeTakeFirst()
      return row && decodeSite(row)
    }
  }
}
