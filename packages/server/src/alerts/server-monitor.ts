import { type Clock, type Fisco, type Monitor, type Store, type ThresholdsSource, createMonitor } from "@fisco/core"

/** The tenant's stored threshold overrides (`PUT /v1/monitor/thresholds`), read at each evaluation. */
export const storedThresholds =
  (store: Store): ThresholdsSource =>
  (scope) =>
    store.tenantSettings.getThresholds(scope)

/** The monitor the server runs: stored per-tenant thresholds, and the fleet census on. */
export const createServerMonitor = (fisco: Fisco, clock?: Clock): Monitor =>
  createMonitor({ fisco, thresholds: storedThresholds(fisco.store), census: true, ...(clock ? { clock } : {}) })
