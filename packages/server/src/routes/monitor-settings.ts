import { DEFAULT_MONITOR_THRESHOLDS, MonitorThresholds, MonitorThresholdsOverride, resolveThresholds } from "@fisco/core"
import { Schema } from "effect"
import { Hono } from "hono"
import { scopeOf } from "../auth/principal.js"
import type { AppEnv } from "../context.js"
import { operation } from "../http/operation.js"
import { jsonBody } from "../http/validate.js"
import { principalOf, requireScope } from "../middleware/require-scope.js"
import type { RouteDeps } from "./deps.js"

const TAG = "Monitor"

/** A tenant's overrides and the thresholds the monitor applies (the overrides over the defaults). */
const ThresholdsAnswer = Schema.Struct({
  object: Schema.Literal("monitor_thresholds"),
  overrides: MonitorThresholdsOverride,
  effective: MonitorThresholds,
  defaults: MonitorThresholds
}).annotations({ identifier: "MonitorThresholdsSettings" })

/** The tenant's alarm thresholds, read by every evaluation of the health rules (see docs/monitor-rules.md). */
export const monitorSettingsRoutes = ({ fisco, clock }: RouteDeps) => {
  const app = new Hono<AppEnv>()
  const answer = (overrides: MonitorThresholdsOverride) => ({
    object: "monitor_thresholds" as const,
    overrides,
    effective: resolveThresholds(overrides),
    defaults: DEFAULT_MONITOR_THRESHOLDS
  })
  app.get(
    "/thresholds",
    operation({ tag: TAG, summary: "Get the tenant's alarm thresholds", scope: "monitor:read", response: ThresholdsAnswer }),
    requireScope("monitor:read"),
    async (c) => c.json(answer(await fisco.store.tenantSettings.getThresholds(scopeOf(principalOf(c)))))
  )
  app.put(
    "/thresholds",
    operation({
      tag: TAG,
      summary: "Replace the tenant's threshold overrides",
      description: "Send only the thresholds to override; absent ones use the defaults (`{}` restores every default). Unknown fields are refused.",
      scope: "monitor:write",
      response: ThresholdsAnswer
    }),
    requireScope("monitor:write"),
    jsonBody(MonitorThresholdsOverride),
    async (c) => {
      const scope = scopeOf(principalOf(c))
      const overrides = c.req.valid("json")
      await fisco.store.tenantSettings.putThresholds(scope, overrides, clock().toISOString())
      return c.json(answer(overrides))
    }
  )
  return app
}
