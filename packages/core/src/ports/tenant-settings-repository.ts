import type { TenantScope } from "../domain/tenant.js"
import type { MonitorThresholdsOverride } from "../monitor/thresholds.js"

/** Per-tenant settings; each scope (live, test) has its own. */
export interface TenantSettingsRepository {
  /** The tenant's monitor threshold overrides; `{}` when it never set any. */
  getThresholds(scope: TenantScope): Promise<MonitorThresholdsOverride>
  /** Replaces the overrides (a partial set: absent fields fall back to the defaults). */
  putThresholds(scope: TenantScope, overrides: MonitorThresholdsOverride, at: string): Promise<void>
}
