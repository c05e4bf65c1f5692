import { AgentCommand, type AgentCommandId, AgentCommandResult, AgentDelivery, AgentDeliveryReply, AgentId, Device, SiteId, agentDevices, decodeInput } from "@fisco/core"
import { Schema } from "effect"
import { Hono } from "hono"
import { acceptDelivery } from "../agent/deliveries.js"
import { scopeOf } from "../auth/principal.js"
import type { AppEnv } from "../context.js"
import { ListOf, listOf } from "../http/list.js"
import { operation } from "../http/operation.js"
import { idParam } from "../http/params.js"
import { jsonBody, queryOf } from "../http/validate.js"
import { principalOf, requireScope } from "../middleware/require-scope.js"
import type { RouteDeps } from "./deps.js"

const TAG = "Agent"
const SCOPE = "agent"

/** The sites an agent serves (`--sites`): absent or empty means every site of the tenant. */
const SiteIds = Schema.Array(SiteId).pipe(Schema.maxItems(100))

const DevicesQuery = Schema.Struct({
  /** Comma-separated site ids. */
  site_ids: Schema.optional(Schema.String.pipe(Schema.maxLength(4000)))
})

const ClaimInput = Schema.Struct({
  agentId: AgentId,
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 50))),
  siteIds: Schema.optional(SiteIds)
}).annotations({ identifier: "AgentCommandClaimInput" })

/** `site_ids=a,b` as site ids, or `InvalidInput` naming the parameter. */
const siteIdsOf = (value: string | undefined): ReadonlyArray<SiteId> =>
  value === undefined || value.trim() === "" ? [] : decodeInput(Schema.Struct({ site_ids: SiteIds }), { site_ids: value.split(",").map((s) => s.trim()) }).site_ids

const CommandResultInput = Schema.Struct({ agentId: AgentId, result: AgentCommandResult }).annotations({ identifier: "AgentCommandResultInput" })

/** The routes a Fisco agent calls with its `agent`-scoped key. */
export const agentRoutes = (deps: RouteDeps) => {
  const { fisco } = deps
  const app = new Hono<AppEnv>()
  app.get(
    "/devices",
    operation({
      tag: TAG,
      summary: "Devices the agent polls",
      description:
        "Every device of the tenant with `connectivity: \"agent\"`, with its driver binding; with `site_ids` (comma-separated) only those of the sites this agent serves.",
      scope: SCOPE,
      response: ListOf(Device, "Device")
    }),
    requireScope(SCOPE),
    queryOf(DevicesQuery),
    async (c) =>
      c.json(listOf({ data: await agentDevices(fisco.store, scopeOf(principalOf(c)), siteIdsOf(c.req.valid("query").site_ids)), hasMore: false }))
  )
  app.post(
    "/deliveries",
    operation({
      tag: TAG,
      summary: "Push a batch of the agent's queue",
      description:
        "Each item takes effect once, deduplicated by agent and item id in the same transaction as its effect: a re-sent item is answered `duplicate`. The agent removes every item answered, whatever the outcome.",
      scope: SCOPE,
      response: AgentDeliveryReply,
      idempotent: true
    }),
    requireScope(SCOPE),
    jsonBody(AgentDelivery),
    async (c) => c.json(await acceptDelivery(deps.agentDeliveries, scopeOf(principalOf(c)), c.req.valid("json")))
  )
  // A POST, not a GET: claiming changes the commands' state, and a GET may be repeated or prefetched by proxies.
  app.post(
    "/commands/claims",
    operation({
      tag: TAG,
      summary: "Claim the agent's commands",
      description:
        "Hands the agent the commands it holds and has not finished (after a restart), then pending ones, oldest first. A command handed out more than once has `attempts` > 1: the agent must read the device back before acting on it.",
      scope: SCOPE,
      response: ListOf(AgentCommand, "AgentCommand")
    }),
    requireScope(SCOPE),
    jsonBody(ClaimInput),
    async (c) => {
      const input = c.req.valid("json")
      const commands = await fisco.agentCommands.claim(scopeOf(principalOf(c)), input.agentId, input.limit ?? 10, input.siteIds ?? [])
      return c.json(listOf({ data: commands, hasMore: false }))
    }
  )
  app.post(
    "/commands/:id/result",
    operation({
      tag: TAG,
      summary: "Report how a command ended",
      description: "Idempotent: the same result again answers the stored command; another result for a finished command answers 409.",
      scope: SCOPE,
      response: AgentCommand,
      idempotent: true,
      errors: [404]
    }),
    requireScope(SCOPE),
    jsonBody(CommandResultInput),
    async (c) => {
      const { agentId, result } = c.req.valid("json")
      return c.json(await fisco.agentCommands.complete(scopeOf(principalOf(c)), agentId, idParam(c) as AgentCommandId, result))
    }
  )
  return app
}
