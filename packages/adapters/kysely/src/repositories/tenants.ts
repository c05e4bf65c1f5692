import type { Tenant, TenantId, TenantRepository } from "@fisco/core"
import type { Selectable } from "kysely"
import type { TenantsTable } from "../database.js"
import { newestFirst, toPage } from "../page.js"
import type { StoreContext } from "../store-context.js"

const decodeTenant = (row: Selectable<TenantsTable>): Tenant => ({
  id: row.id as TenantId,
  name: row.name,
  createdAt: row.created_at
})

export const tenantRepository = ({ db }: StoreContext): TenantRepository => ({
  create: async (tenant) => {
    const row = await db
      .insertInto("tenants")
      .values({ id: tenant.id, name: tenant.name, created_at: tenant.createdAt })
      .returningAll()
      .executeTakeFirstOrThrow()
    return decodeTenant(row)
  },
  get: async (id) => {
    const row = await db.selectFrom("tenants").selectAll().where("id", "=", id).executeTakeFirst()
    return row && decodeTenant(row)
  },
  list: async (page) => toPage(await newestFirst(db.selectFrom("tenants").selectAll(), page).execute(), page, decodeTenant)
})
