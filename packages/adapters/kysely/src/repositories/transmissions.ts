import type { CorrispettiviFileId, DeviceId, TenantId, TenantScope, Transmission, TransmissionId, TransmissionRepository } from "@fisco/core"
import type { Selectable } from "kysely"
import { fromBool, fromJson, optional, orNull, toJson } from "../codec.js"
import type { TransmissionsTable } from "../database.js"
import { newestFirst, toPage } from "../page.js"
import { type StoreContext, inScope } from "../store-context.js"

const decode = (row: Selectable<TransmissionsTable>): Transmission => ({
  id: row.id as TransmissionId,
  tenantId: row.tenant_id as TenantId,
  livemode: fromBool(row.livemode),
  deviceId: row.device_id as DeviceId,
  zNumber: Number(row.z_number),
  ...optional("day", row.day),
  state: row.state as Transmission["state"],
  ...optional("transmissionId", row.transmission_id),
  ...optional("adeCode", row.ade_code),
  ...optional("adeDescription", row.ade_description),
  errors: fromJson(row.errors),
  ...optional("corrispettiviFileId", row.corrispettivi_file_id as CorrispettiviFileId | null),
  ...optional("esitoFileId", row.esito_file_id as CorrispettiviFileId | null),
  ...optional("sentAt", row.sent_at),
  ...optional("outcomeAt", row.outcome_at),
  createdAt: row.created_at,
  updatedAt: row.updated_at
})

export const transmissionRepository = (ctx: StoreContext): TransmissionRepository => {
  const { db, dialect } = ctx
  const byDevice = (scope: TenantScope, deviceId: DeviceId) => db.selectFrom("transmissions").selectAll().where(inScope(ctx, scope)).where("device_id", "=", deviceId)
  return {
    get: async (scope, deviceId, zNumber) => {
      const row = await byDevice(scope, deviceId).where("z_number", "=", zNumber).executeTakeFirst()
      return row && decode(row)
    },
    findByTransmissionId: async (scope, deviceId, transmissionId) => {
      const row = await byDevice(scope, deviceId).where("transmission_id", "=", transmissionId).executeTakeFirst()
      return row && decode(row)
    },
    save: async (scope, t) => {
      const mutable = {
        day: orNull(t.day),
        state: t.state,
        transmission_id: orNull(t.transmissionId),
        ade_code: orNull(t.adeCode),
        ade_description: orNull(t.adeDescription),
        errors: toJson(t.errors),
        corrispettivi_file_id: orNull(t.corrispettiviFileId),
        esito_file_id: orNull(t.esitoFileId),
        sent_at: orNull(t.sentAt),
        outcome_at: orNull(t.outcomeAt),
        updated_at: t.updatedAt
      }
      const row = await db
        .insertInto("transmissions")
        .values({
          tenant_id: scope.tenantId,
          livemode: dialect.bool(scope.livemode),
          id: t.id,
          device_id: t.deviceId,
          z_number: t.zNumber,
          created_at: t.createdAt,
          ...mutable
        })
        .onConflict((oc) => oc.columns(["tenant_id", "livemode", "device_id", "z_number"]).doUpdateSet(mutable))
        .returningAll()
        .executeTakeFirstOrThrow()
      return decode(row)
    },
    list: async (scope, filter, page) => {
      const rows = await newestFirst(
        db
          .selectFrom("transmissions")
          .selectAll()
          .where(inScope(ctx, scope))
          .$if(filter.deviceId !== undefined, (q) => q.where("device_id", "=", filter.deviceId as string))
          .$if(filter.state !== undefined, (q) => q.where("state", "=", filter.state as string)),
        page
      ).execute()
      return toPage(rows, page, decode)
    },
    ofDevice: async (scope, deviceId, states) => {
      if (states.length === 0) return []
      const rows = await byDevice(scope, deviceId).where("state", "in", [...states]).orderBy("z_number", "asc").execute()
      return rows.map(decode)
    },
    latest: async (scope, deviceId, states) => {
      if (states.length === 0) return undefined
      const row = await byDevice(scope, deviceId).where("state", "in", [...states]).orderBy("z_number", "desc").limit(1).executeTakeFirst()
      return row && decode(row)
    }
  }
}
