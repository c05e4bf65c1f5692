import { Device, type DeviceId, DeviceInput, DeviceKind, DeviceStatus, NotFound, SiteId, pageRequest } from "@fisco/core"
import { Schema } from "effect"
import { Hono } from "hono"
import { scopeOf } from "../auth/principal.js"
import type { AppEnv } from "../context.js"
import { ListOf, PageQuery, listOf, pageOf } from "../http/list.js"
import { operation } from "../http/operation.js"
import { idParam } from "../http/params.js"
import { jsonBody, queryOf } from "../http/validate.js"
import { enqueueDevicePoll, readAndMonitor } from "../jobs.js"
import { principalOf, requireScope } from "../middleware/require-scope.js"
import type { RouteDeps } from "./deps.js"

const TAG = "Devices"

const DeviceListQuery = Schema.Struct({ ...PageQuery.fields, site_id: Schema.optional(SiteId), kind: Schema.optional(DeviceKind) })

const DeletedDevice = Schema.Struct({ id: Schema.String, object: Schema.Literal("device"), deleted: Schema.Literal(true) }).annotations({
  identifier: "DeletedDevice"
})

export const PollQueued = Schema.Struct({ job_id: Schema.String }).annotations({ identifier: "PollQueued" })

export const deviceRoutes = ({ fisco, scheduler, monitor }: RouteDeps) => {
  const app = new Hono<AppEnv>()
  const deviceId = (id: string) => id as DeviceId

  app.post(
    "/",
    operation({
      tag: TAG,
      summary: "Register a device",
      description: "`driver.config` is checked against the driver's own schema (see `GET /v1/drivers`).",
      scope: "devices:write",
      status: 201,
      response: Device,
      idempotent: true
    }),
    requireScope("devices:write"),
    jsonBody(DeviceInput),
    async (c) => c.json(await fisco.devices.create(scopeOf(principalOf(c)), c.req.valid("json")), 201)
  )
  app.get(
    "/",
    operation({ tag: TAG, summary: "List devices, newest first", scope: "devices:read", response: ListOf(Device, "Device") }),
    requireScope("devices:read"),
    queryOf(DeviceListQuery),
    async (c) => {
      const query = c.req.valid("query")
      const filter = { ...(query.site_id && { siteId: query.site_id }), ...(query.kind && { kind: query.kind }) }
      return c.json(listOf(await fisco.devices.list(scopeOf(principalOf(c)), filter, pageOf(query))))
    }
  )
  app.get(
    "/:id",
    operation({ tag: TAG, summary: "Get a device", scope: "devices:read", response: Device, errors: [404] }),
    requireScope("devices:read"),
    async (c) => c.json(await fisco.devices.get(scopeOf(principalOf(c)), deviceId(idParam(c))))
  )
  app.delete(
    "/:id",
    operation({ tag: TAG, summary: "Delete a device", scope: "devices:write", response: DeletedDevice, errors: [404] }),
    requireScope("devices:write"),
    async (c) => {
      const id = idParam(c)
      await fisco.devices.delete(scopeOf(principalOf(c)), deviceId(id))
      return c.json({ id, object: "device" as const, deleted: true as const })
    }
  )
  app.get(
    "/:id/status",
    operation({ tag: TAG, summary: "Latest recorded status of a device", scope: "devices:read", response: DeviceStatus, errors: [404] }),
    requireScope("devices:read"),
    async (c) => {
      const id = idParam(c)
      const status = await fisco.devices.latestStatus(scopeOf(principalOf(c)), deviceId(id))
      if (!status) throw new NotFound({ entity: "status of device", id })
      return c.json(status)
    }
  )
  app.get(
    "/:id/statuses",
    operation({
      tag: TAG,
      summary: "Status history of a device, newest first",
      description: "The cursor is the `observedAt` of the last reading seen.",
      scope: "devices:read",
      response: ListOf(DeviceStatus, "DeviceStatus"),
      errors: [404]
    }),
    requireScope("devices:read"),
    queryOf(PageQuery),
    async (c) => {
      const scope = scopeOf(principalOf(c))
      const device = await fisco.devices.get(scope, deviceId(idParam(c)))
      const page = await fisco.store.deviceStatuses.history(scope, device.id, pageRequest(pageOf(c.req.valid("query"))))
      return c.json(listOf(page, (s) => s.observedAt))
    }
  )
  app.post(
    "/:id/polls",
    operation({
      tag: TAG,
      summary: "Poll a device now",
      description: "With a job scheduler the poll is queued (202); without one the status is read inline and returned (201).",
      scope: "devices:write",
      status: 202,
      response: PollQueued,
      responseDescription: "Poll queued",
      alternative: { status: 201, response: DeviceStatus, description: "Status read and recorded (no scheduler configured)" },
      idempotent: true,
      errors: [404, 502, 504]
    }),
    requireScope("devices:write"),
    async (c) => {
      const scope = scopeOf(principalOf(c))
      const device = await fisco.devices.get(scope, deviceId(idParam(c)))
      if (!scheduler) return c.json(await readAndMonitor(fisco, monitor, scope, device.id), 201)
      return c.json({ job_id: await enqueueDevicePoll(scheduler, scope, device.id) }, 202)
    }
  )
  return app
}
