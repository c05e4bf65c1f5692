import type { DeviceId, DeviceStatus, DeviceStatusRepository, TenantScope } from "@fisco/core"
import type { Selectable } from "kysely"
import { fromBool, fromJson, optional, orNull, toJson } from "../codec.js"
import type { DeviceStatusesTable } from "../database.js"
import { newestFirst, toPage } from "../page.js"
import { type StoreContext, inScope } from "../store-context.js"

const decodeStatus = (row: Selectable<DeviceStatusesTable>): DeviceStatus => ({
  deviceId: row.device_id as DeviceId,
  observedAt: row.observed_at,
  health: row.health as DeviceStatus["health"],
  conditions: fromJson<DeviceStatus["conditions"]>(row.conditions),
  ...optional("dayOpen", row.day_open === null ? null : fromBool(row.day_open)),
  ...optional("firmware", row.firmware),
  ...optional("serial", row.serial),
  ...optional("deviceTime", row.device_time),
  raw: { format: row.raw_format as DeviceStatus["raw"]["format"], body: row.raw_body }
})

/**
 * Readings are keyed by device and `observedAt`: recording the same observation twice replaces
 * it rather than failing, so a retried poll job is harmless.
 */
export const deviceStatusRepository = (ctx: StoreContext): DeviceStatusRepository => {
  const { db, dialect } = ctx
  const ofDevice = (scope: TenantScope, deviceId: DeviceId) =>
    db.selectFrom("device_statuses").selectAll().where(inScope(ctx, scope)).where("device_id", "=", deviceId)
  return {
    record: async (scope, status) => {
      const reading = {
        health: status.health,
        conditions: toJson(status.conditions),
        day_open: status.dayOpen === undefined ? null : dialect.bool(status.dayOpen),
        firmware: orNull(status.firmware),
        serial: orNull(status.serial),
        device_time: orNull(status.deviceTime),
        raw_format: status.raw.format,
        raw_body: status.raw.body
      }
      await db
        .insertInto("device_statuses")
        .values({
          tenant_id: scope.tenantId,
          livemode: dialect.bool(scope.livemode),
          device_id: status.deviceId,
          observed_at: status.observedAt,
          ...reading
        })
        .onConflict((oc) => oc.columns(["tenant_id", "livemode", "device_id", "observed_at"]).doUpdateSet(reading))
        .execute()
    },
    latest: async (scope, deviceId) => {
      const row = await ofDevice(scope, deviceId).orderBy("observed_at", "desc").limit(1).executeTakeFirst()
      return row && decodeStatus(row)
    },
    history: async (scope, deviceId, page) =>
      toPage(await newestFirst(ofDevice(scope, deviceId), page, "observed_at").execute(), page, decodeStatus)
  }
}
