import type { DigestFilters, DistributionListId, DistributionListRepository, ListRecipient, Role, StoredDistributionList, TenantId } from "@fisco/core"
import type { Selectable } from "kysely"
import { fromBool, fromJson, toJson } from "../codec.js"
import type { DistributionListsTable } from "../database.js"
import { newestFirst, toPage } from "../page.js"
import { type StoreContext, inScope } from "../store-context.js"

const decodeList = (row: Selectable<DistributionListsTable>): StoredDistributionList => ({
  id: row.id as DistributionListId,
  tenantId: row.tenant_id as TenantId,
  livemode: fromBool(row.livemode),
  name: row.name,
  recipients: fromJson<ReadonlyArray<ListRecipient>>(row.recipients),
  roles: fromJson<ReadonlyArray<Role>>(row.roles),
  functions: fromJson<ReadonlyArray<string>>(row.functions),
  schedule: { cron: row.cron, timezone: row.timezone },
  filters: fromJson<DigestFilters>(row.filters),
  sendWhenEmpty: fromBool(row.send_when_empty),
  createdAt: row.created_at,
  updatedAt: row.updated_at
})

export const distributionListRepository = (ctx: StoreContext): DistributionListRepository => {
  const { db, dialect } = ctx
  /** Everything a list update may change: all but its identity and creation time. */
  const mutableColumns = (list: StoredDistributionList) => ({
    name: list.name,
    recipients: toJson(list.recipients),
    roles: toJson(list.roles),
    functions: toJson(list.functions),
    cron: list.schedule.cron,
    timezone: list.schedule.timezone,
    filters: toJson(list.filters),
    send_when_empty: dialect.bool(list.sendWhenEmpty),
    updated_at: list.updatedAt
  })
  return {
    create: async (list) => {
      const row = await db
        .insertInto("distribution_lists")
        .values({ tenant_id: list.tenantId, livemode: dialect.bool(list.livemode), id: list.id, created_at: list.createdAt, ...mutableColumns(list) })
        .returningAll()
        .executeTakeFirstOrThrow()
      return decodeList(row)
    },
    get: async (scope, id) => {
      const row = await db.selectFrom("distribution_lists").selectAll().where(inScope(ctx, scope)).where("id", "=", id).executeTakeFirst()
      return row && decodeList(row)
    },
    list: async (scope, page) =>
      toPage(await newestFirst(db.selectFrom("distribution_lists").selectAll().where(inScope(ctx, scope)), page).execute(), page, decodeList),
    update: async (scope, list) => {
      const row = await db
        .updateTable("distribution_lists")
        .set(mutableColumns(list))
        .where(inScope(ctx, scope))
        .where("id", "=", list.id)
        .returningAll()
        .executeTakeFirst()
      return row && decodeList(row)
    },
    delete: async (scope, id) => {
      // Deliveries first: SQLite enforces the cascade only with foreign keys on, so do not rely on it.
      await db.deleteFrom("digest_deliveries").where(inScope(ctx, scope)).where("list_id", "=", id).execute()
      const result = await db.deleteFrom("distribution_lists").where(inScope(ctx, scope)).where("id", "=", id).executeTakeFirst()
      return Number(result.numDeletedRows) > 0
    }
  }
}
