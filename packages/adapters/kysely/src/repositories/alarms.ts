import type { Alarm, AlarmId, AlarmRepository, DeviceId, SiteId, TenantId, TenantScope } from "@fisco/core"
import { type Selectable, sql } from "kysely"
import { fromBool, fromJson, optional, orNull, toJson } from "../codec.js"
import type { AlarmsTable } from "../database.js"
import { newestFirst, toPage } from "../page.js"
import { type StoreContext, inScope } from "../store-context.js"

const decodeAlarm = (row: Selectable<AlarmsTable>): Alarm => ({
  id: row.id as AlarmId,
  tenantId: row.tenant_id as TenantId,
  livemode: fromBool(row.livemode),
  type: row.type,
  severity: row.severity as Alarm["severity"],
  ...optional("deviceId", row.device_id as DeviceId | null),
  ...optional("siteId", row.site_id as SiteId | null),
  dedupeKey: row.dedupe_key,
  state: row.state as Alarm["state"],
  message: row.message,
  details: fromJson<Alarm["details"]>(row.details),
  occurrences: row.occurrences,
  raisedAt: row.raised_at,
  lastSeenAt: row.last_seen_at,
  ...optional("acknowledgedAt", row.acknowledged_at),
  ...optional("acknowledgedBy", row.acknowledged_by),
  ...optional("clearedAt", row.cleared_at)
})

/** The predicate of the `alarms_open_dedupe_unique` partial index, written identically so both databases infer it as the conflict target. */
const isOpen = sql<boolean>`${sql.ref("state")} <> ${sql.lit("cleared")}`

export const alarmRepository = (ctx: StoreContext): AlarmRepository => {
  const { db, dialect } = ctx
  const get = async (scope: TenantScope, id: AlarmId) => {
    const row = await db.selectFrom("alarms").selectAll().where(inScope(ctx, scope)).where("id", "=", id).executeTakeFirst()
    return row && decodeAlarm(row)
  }
  return {
    /** One statement: insert, or — when an open alarm holds the dedupe key — bump it. Atomic on both databases. */
    raise: async (scope, alarm) => {
      const row = await db
        .insertInto("alarms")
        .values({
          tenant_id: scope.tenantId,
          livemode: dialect.bool(scope.livemode),
          id: alarm.id,
          type: alarm.type,
          severity: alarm.severity,
          device_id: orNull(alarm.deviceId),
          site_id: orNull(alarm.siteId),
          dedupe_key: alarm.dedupeKey,
          state: "raised",
          message: alarm.message,
          details: toJson(alarm.details ?? {}),
          occurrences: 1,
          raised_at: alarm.at,
          last_seen_at: alarm.at
        })
        .onConflict((oc) =>
          oc
            .columns(["tenant_id", "livemode", "dedupe_key"])
            .where(isOpen)
            .doUpdateSet((eb) => ({
              occurrences: eb(eb.ref("alarms.occurrences"), "+", 1),
              last_seen_at: eb.ref("excluded.last_seen_at")
            }))
        )
        .returningAll()
        .executeTakeFirstOrThrow()
      return decodeAlarm(row)
    },
    get,
    list: async (scope, filter, page) => {
      const rows = await newestFirst(
        db
          .selectFrom("alarms")
          .selectAll()
          .where(inScope(ctx, scope))
          .$if(filter.state !== undefined, (q) => q.where("state", "=", filter.state as string))
          .$if(filter.severity !== undefined, (q) => q.where("severity", "=", filter.severity as string))
          .$if(filter.type !== undefined, (q) => q.where("type", "=", filter.type as string))
          .$if(filter.deviceId !== undefined, (q) => q.where("device_id", "=", filter.deviceId as string))
          .$if(filter.siteId !== undefined, (q) => q.where("site_id", "=", filter.siteId as string)),
        page
      ).execute()
      return toPage(rows, page, decodeAlarm)
    },
    /**
     * Acknowledges a raised alarm. Acknowledging again returns it unchanged (the first
     * acknowledgement stands); a cleared or unknown alarm gives undefined.
     */
    acknowledge: async (scope, id, by, at) => {
      const row = await db
        .updateTable("alarms")
        .set({ state: "acknowledged", acknowledged_at: at, acknowledged_by: by })
        .where(inScope(ctx, scope))
        .where("id", "=", id)
        .where("state", "=", "raised")
        .returningAll()
        .executeTakeFirst()
      if (row) return decodeAlarm(row)
      const current = await get(scope, id)
      return current?.state === "acknowledged" ? current : undefined
    },
    clear: async (scope, dedupeKey, at) => {
      const row = await db
        .updateTable("alarms")
        .set({ state: "cleared", cleared_at: at })
        .where(inScope(ctx, scope))
        .where("dedupe_key", "=", dedupeKey)
        .where(isOpen)
        .returningAll()
        .executeTakeFirst()
      return row && decodeAlarm(row)
    }
  }
}
