import { Alarm, type AlarmId, AlarmState, DeviceId, Severity, SiteId } from "@fisco/core"
import { Schema } from "effect"
import { Hono } from "hono"
import { scopeOf } from "../auth/principal.js"
import type { AppEnv } from "../context.js"
import { ListOf, PageQuery, listOf, pageOf } from "../http/list.js"
import { operation } from "../http/operation.js"
import { idParam } from "../http/params.js"
import { queryOf } from "../http/validate.js"
import { principalOf, requireScope } from "../middleware/require-scope.js"
import type { RouteDeps } from "./deps.js"

const TAG = "Alarms"

const AlarmListQuery = Schema.Struct({
  ...PageQuery.fields,
  state: Schema.optional(AlarmState),
  severity: Schema.optional(Severity),
  type: Schema.optional(Schema.String),
  device_id: Schema.optional(DeviceId),
  site_id: Schema.optional(SiteId)
})

export const alarmRoutes = ({ fisco }: RouteDeps) => {
  const app = new Hono<AppEnv>()
  app.get(
    "/",
    operation({ tag: TAG, summary: "List alarms, newest first", scope: "alarms:read", response: ListOf(Alarm, "Alarm") }),
    requireScope("alarms:read"),
    queryOf(AlarmListQuery),
    async (c) => {
      const { state, severity, type, device_id, site_id, ...page } = c.req.valid("query")
      const filter = {
        ...(state && { state }),
        ...(severity && { severity }),
        ...(type && { type }),
        ...(device_id && { deviceId: device_id }),
        ...(site_id && { siteId: site_id })
      }
      return c.json(listOf(await fisco.alarms.list(scopeOf(principalOf(c)), filter, pageOf(page))))
    }
  )
  app.get(
    "/:id",
    operation({ tag: TAG, summary: "Get an alarm", scope: "alarms:read", response: Alarm, errors: [404] }),
    requireScope("alarms:read"),
    async (c) => c.json(await fisco.alarms.get(scopeOf(principalOf(c)), idParam(c) as AlarmId))
  )
  app.post(
    "/:id/acknowledge",
    operation({
      tag: TAG,
      summary: "Acknowledge an alarm",
      description: "Records who took it in charge; acknowledging twice is harmless, a cleared alarm answers 409.",
      scope: "alarms:write",
      response: Alarm,
      idempotent: true,
      errors: [404]
    }),
    requireScope("alarms:write"),
    async (c) => {
      const principal = principalOf(c)
      return c.json(await fisco.alarms.acknowledge(scopeOf(principal), idParam(c) as AlarmId, principal.id))
    }
  )
  return app
}
