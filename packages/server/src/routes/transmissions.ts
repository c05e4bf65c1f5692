import { type DeviceId, DeviceId as DeviceIdSchema, Transmission, TransmissionState } from "@fisco/core"
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

const TAG = "Transmissions"
const DESCRIPTION =
  "One record per device and Z: `queued` on the device, `sent` (AdE's transmission id from directIO 9217), then `accepted` or `rejected` with AdE's code and description from the signed ESITO."

const TransmissionList = ListOf(Transmission, "Transmission")
const DeviceQuery = Schema.Struct({ ...PageQuery.fields, state: Schema.optional(TransmissionState) })
const AllQuery = Schema.Struct({ ...DeviceQuery.fields, device_id: Schema.optional(DeviceIdSchema) })

/** `GET /v1/transmissions`: every device's Z transmissions, newest first. */
export const transmissionRoutes = ({ fisco }: RouteDeps) => {
  const app = new Hono<AppEnv>()
  app.get(
    "/",
    operation({ tag: TAG, summary: "AdE transmissions of every device's Z, newest first", description: DESCRIPTION, scope: "corrispettivi:read", response: TransmissionList }),
    requireScope("corrispettivi:read"),
    queryOf(AllQuery),
    async (c) => {
      const { state, device_id, ...page } = c.req.valid("query")
      const filter = { ...(state ? { state } : {}), ...(device_id ? { deviceId: device_id } : {}) }
      return c.json(listOf(await fisco.corrispettivi.transmissions.list(scopeOf(principalOf(c)), filter, pageOf(page))))
    }
  )
  return app
}

/** `GET /v1/devices/{id}/transmissions`. */
export const deviceTransmissionRoutes = ({ fisco }: RouteDeps) => {
  const app = new Hono<AppEnv>()
  app.get(
    "/:id/transmissions",
    operation({ tag: TAG, summary: "AdE transmissions of a device's Z, newest first", description: DESCRIPTION, scope: "corrispettivi:read", response: TransmissionList, errors: [404] }),
    requireScope("corrispettivi:read"),
    queryOf(DeviceQuery),
    async (c) => {
      const scope = scopeOf(principalOf(c))
      const device = await fisco.devices.get(scope, idParam(c) as DeviceId)
      const { state, ...page } = c.req.valid("query")
      return c.json(listOf(await fisco.corrispettivi.transmissions.list(scope, { deviceId: device.id, ...(state ? { state } : {}) }, pageOf(page))))
    }
  )
  return app
}
