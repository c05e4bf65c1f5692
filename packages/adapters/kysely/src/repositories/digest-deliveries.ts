import type { DigestDelivery, DigestDeliveryId, DigestDeliveryRepository, DistributionListId, TenantId } from "@fisco/core"
import type { Selectable } from "kysely"
import { fromBool, optional, orNull } from "../codec.js"
import { uniquely } from "../conflict.js"
import type { DigestDeliveriesTable } from "../database.js"
import { newestFirst, toPage } from "../page.js"
import { type StoreContext, inScope } from "../store-context.js"

const decodeDelivery = (row: Selectable<DigestDeliveriesTable>): DigestDelivery => ({
  id: row.id as DigestDeliveryId,
  tenantId: row.tenant_id as TenantId,
  livemode: fromBool(row.livemode),
  listId: row.list_id as DistributionListId,
  runKey: row.run_key,
  trigger: row.trigger as DigestDelivery["trigger"],
  outcome: row.outcome as DigestDelivery["outcome"],
  ...optional("reason", row.reason),
  recipientCount: Number(row.recipient_count),
  alarmCount: Number(row.alarm_count),
  ...optional("messageId", row.message_id),
  startedAt: row.started_at,
  ...optional("finishedAt", row.finished_at)
})

const outcomeColumns = (d: DigestDelivery) => ({
  outcome: d.outcome,
  reason: orNull(d.reason),
  recipient_count: d.recipientCount,
  alarm_count: d.alarmCount,
  message_id: orNull(d.messageId),
  started_at: d.startedAt,
  finished_at: orNull(d.finishedAt)
})

export const digestDeliveryRepository = (ctx: StoreContext): DigestDeliveryRepository => {
  const { db, dialect } = ctx
  return {
    create: (d) =>
      uniquely(dialect, `list ${d.listId} already has a delivery for run ${d.runKey}`, async () => {
        const row = await db
          .insertInto("digest_deliveries")
          .values({
            tenant_id: d.tenantId,
            livemode: dialect.bool(d.livemode),
            id: d.id,
            list_id: d.listId,
            run_key: d.runKey,
            trigger: d.trigger,
            ...outcomeColumns(d)
          })
          .returningAll()
          .executeTakeFirstOrThrow()
        return decodeDelivery(row)
      }),
    findByRun: async (scope, listId, runKey) => {
      const row = await db
        .selectFrom("digest_deliveries")
        .selectAll()
        .where(inScope(ctx, scope))
        .where("list_id", "=", listId)
        .where("run_key", "=", runKey)
        .executeTakeFirst()
      return row && decodeDelivery(row)
    },
    update: async (scope, d) => {
      const row = await db
        .updateTable("digest_deliveries")
        .set(outcomeColumns(d))
        .where(inScope(ctx, scope))
        .where("id", "=", d.id)
        .returningAll()
        .executeTakeFirst()
      return row && decodeDelivery(row)
    },
    list: async (scope, listId, page) =>
      toPage(
        await newestFirst(db.selectFrom("digest_deliveries").selectAll().where(inScope(ctx, scope)).where("list_id", "=", listId), page).execute(),
        page,
        decodeDelivery
      )
  }
}
