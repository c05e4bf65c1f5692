import type { MonitorThresholdsOverride, TenantSettingsRepository } from "@fisco/core"
import { fromJson, toJson } from "../codec.js"
import { type StoreContext, inScope } from "../store-context.js"

export const tenantSettingsRepository = (ctx: StoreContext): TenantSettingsRepository => {
  const { db, dialect } = ctx
  return {
    getThresholds: async (scope) => {
      const row = await db.selectFrom("tenant_settings").select("monitor_thresholds").where(inScope(ctx, scope)).executeTakeFirst()
      return row ? fromJson<MonitorThresholdsOverride>(row.monitor_thresholds) : {}
    },
    putThresholds: async (scope, overrides, at) => {
      const values = { monitor_thresholds: toJson(overrides), updated_at: at }
      await db
        .insertInto("tenant_settings")
        .values({ tenant_id: scope.tenantId, livemode: dialect.bool(scope.livemode), ...values })
        .onConflict((oc) => oc.columns(["tenant_id", "livemode"]).doUpdateSet(values))
        .execute()
    }
  }
}
