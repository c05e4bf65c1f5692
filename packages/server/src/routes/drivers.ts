import { DeviceKind } from "@fisco/core"
import { Schema } from "effect"
import { Hono } from "hono"
import type { AppEnv } from "../context.js"
import { ListOf, listOf } from "../http/list.js"
import { operation } from "../http/operation.js"
import { requireScope } from "../middleware/require-scope.js"
import type { RouteDeps } from "./deps.js"

/** A registered driver as published: what it serves and the JSON Schema of its `driver.config`. */
const Driver = Schema.Struct({
  id: Schema.String,
  displayName: Schema.String,
  kinds: Schema.Array(DeviceKind),
  capabilities: Schema.Array(Schema.String),
  configSchema: Schema.Record({ key: Schema.String, value: Schema.Unknown })
}).annotations({ identifier: "Driver" })

export const driverRoutes = ({ fisco }: RouteDeps) => {
  const app = new Hono<AppEnv>()
  app.get(
    "/",
    operation({ tag: "Drivers", summary: "List the installed device drivers", scope: "devices:read", response: ListOf(Driver, "Driver") }),
    requireScope("devices:read"),
    (c) => c.json(listOf({ data: fisco.drivers.describe(), hasMore: false }))
  )
  return app
}
