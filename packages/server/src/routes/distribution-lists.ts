import {
  DigestDelivery,
  DistributionListCreate,
  DistributionListId,
  DistributionListPatch,
  IdPrefix,
  NotFound,
  StoredDistributionList,
  type TenantScope,
  deliverDigest,
  newId,
  patchDistributionList
} from "@fisco/core"
import { Schema } from "effect"
import { Hono } from "hono"
import { scheduleDigest, unscheduleDigest } from "../alerts/digest-jobs.js"
import { scopeOf } from "../auth/principal.js"
import type { AppEnv } from "../context.js"
import { ListOf, PageQuery, listOf, pageOf } from "../http/list.js"
import { operation } from "../http/operation.js"
import { idParam } from "../http/params.js"
import { jsonBody, queryOf } from "../http/validate.js"
import { principalOf, requireScope } from "../middleware/require-scope.js"
import type { RouteDeps } from "./deps.js"

const TAG = "Distribution lists"

const DeletedList = Schema.Struct({ id: Schema.String, object: Schema.Literal("distribution_list"), deleted: Schema.Literal(true) }).annotations({
  identifier: "DeletedDistributionList"
})

const SCHEDULE_NOTE =
  "`schedule.cron` is a 5-field cron expression read in `schedule.timezone` (an IANA zone); the server registers it as a recurring `digest.send` job."

/**
 * Mail alert distribution lists: who receives a digest of the devices in alarm, when and about
 * which alarms. Creating, changing or deleting a list re-registers its schedule at once.
 */
export const distributionListRoutes = ({ fisco, scheduler, mailer, clock }: RouteDeps) => {
  const app = new Hono<AppEnv>()
  const store = fisco.store
  const now = () => clock().toISOString()
  const requireList = async (scope: TenantScope, id: string) => {
    const list = Schema.is(DistributionListId)(id) ? await store.distributionLists.get(scope, id) : undefined
    if (!list) throw new NotFound({ entity: "distribution list", id })
    return list
  }

  app.post(
    "/",
    operation({ tag: TAG, summary: "Create a distribution list", description: SCHEDULE_NOTE, scope: "alerts:write", status: 201, response: StoredDistributionList, idempotent: true }),
    requireScope("alerts:write"),
    jsonBody(DistributionListCreate),
    async (c) => {
      const scope = scopeOf(principalOf(c))
      const at = now()
      const list = await store.distributionLists.create({
        ...c.req.valid("json"),
        id: newId(IdPrefix.distributionList) as DistributionListId,
        ...scope,
        createdAt: at,
        updatedAt: at
      })
      if (scheduler) {
        // A list whose schedule the scheduler refuses must not stay behind unscheduled.
        await scheduleDigest(scheduler, list).catch(async (error: unknown) => {
          await store.distributionLists.delete(scope, list.id)
          throw error
        })
      }
      return c.json(list, 201)
    }
  )
  app.get(
    "/",
    operation({ tag: TAG, summary: "List distribution lists, newest first", scope: "alerts:read", response: ListOf(StoredDistributionList, "DistributionList") }),
    requireScope("alerts:read"),
    queryOf(PageQuery),
    async (c) => {
      const page = { limit: 25, ...pageOf(c.req.valid("query")) }
      return c.json(listOf(await store.distributionLists.list(scopeOf(principalOf(c)), page)))
    }
  )
  app.get(
    "/:id",
    operation({ tag: TAG, summary: "Get a distribution list", scope: "alerts:read", response: StoredDistributionList, errors: [404] }),
    requireScope("alerts:read"),
    async (c) => c.json(await requireList(scopeOf(principalOf(c)), idParam(c)))
  )
  app.patch(
    "/:id",
    operation({
      tag: TAG,
      summary: "Update a distribution list; omitted fields keep their value",
      description: SCHEDULE_NOTE,
      scope: "alerts:write",
      response: StoredDistributionList,
      errors: [404]
    }),
    requireScope("alerts:write"),
    jsonBody(DistributionListPatch),
    async (c) => {
      const scope = scopeOf(principalOf(c))
      const before = await requireList(scope, idParam(c))
      const changed = patchDistributionList(before, c.req.valid("json"), now())
      if (scheduler) await scheduleDigest(scheduler, changed)
      const list = await store.distributionLists.update(scope, changed)
      if (!list) throw new NotFound({ entity: "distribution list", id: before.id })
      return c.json(list)
    }
  )
  app.delete(
    "/:id",
    operation({ tag: TAG, summary: "Delete a distribution list, its schedule and its delivery history", scope: "alerts:write", response: DeletedList, errors: [404] }),
    requireScope("alerts:write"),
    async (c) => {
      const scope = scopeOf(principalOf(c))
      const list = await requireList(scope, idParam(c))
      await store.distributionLists.delete(scope, list.id)
      if (scheduler) await unscheduleDigest(scheduler, list.id)
      return c.json({ id: list.id, object: "distribution_list" as const, deleted: true as const })
    }
  )
  app.get(
    "/:id/deliveries",
    operation({
      tag: TAG,
      summary: "A list's digest deliveries, newest first",
      description: "One row per run: `sent`, `skipped` (with the reason), `failed` (retried) or `interrupted` (the process stopped mid-send; not resent).",
      scope: "alerts:read",
      response: ListOf(DigestDelivery, "DigestDelivery"),
      errors: [404]
    }),
    requireScope("alerts:read"),
    queryOf(PageQuery),
    async (c) => {
      const scope = scopeOf(principalOf(c))
      const list = await requireList(scope, idParam(c))
      return c.json(listOf(await store.digestDeliveries.list(scope, list.id, { limit: 25, ...pageOf(c.req.valid("query")) })))
    }
  )
  app.post(
    "/:id/test",
    operation({
      tag: TAG,
      summary: "Send the list's digest now",
      description: "Runs the digest as its schedule would and answers with the delivery record (a failed send is `outcome: failed`, not an error).",
      scope: "alerts:write",
      response: DigestDelivery,
      idempotent: true,
      errors: [404]
    }),
    requireScope("alerts:write"),
    async (c) => {
      const scope = scopeOf(principalOf(c))
      const list = await requireList(scope, idParam(c))
      const run = { runKey: `test-${newId(IdPrefix.digestDelivery)}`, trigger: "test" as const }
      const delivery = await deliverDigest({ store, clock, ...(mailer ? { mailer } : {}) }, scope, list.id, run)
      if (!delivery) throw new NotFound({ entity: "distribution list", id: list.id })
      return c.json(delivery)
    }
  )
  return app
}
