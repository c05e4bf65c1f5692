import { Agent, AgentLogEntry, type AgentId, NotFound, pageRequest } from "@fisco/core"
import { type Context, Hono } from "hono"
import { scopeOf } from "../auth/principal.js"
import type { AppEnv } from "../context.js"
import { ListOf, PageQuery, listOf, pageOf } from "../http/list.js"
import { operation } from "../http/operation.js"
import { idParam } from "../http/params.js"
import { queryOf } from "../http/validate.js"
import { principalOf, requireScope } from "../middleware/require-scope.js"
import type { RouteDeps } from "./deps.js"

const TAG = "Agents"

/** The operator's view of the tenant's agents: last contact, version, queue depth, dropped items, log tail. */
export const agentsRoutes = ({ fisco }: RouteDeps) => {
  const app = new Hono<AppEnv>()
  const requireAgent = async (c: Context<AppEnv>) => {
    const id = idParam(c) as AgentId
    const agent = await fisco.store.agents.get(scopeOf(principalOf(c)), id)
    if (!agent) throw new NotFound({ entity: "agent", id })
    return agent
  }
  app.get(
    "/",
    operation({ tag: TAG, summary: "List agents, newest first", scope: "devices:read", response: ListOf(Agent, "Agent") }),
    requireScope("devices:read"),
    queryOf(PageQuery),
    async (c) => c.json(listOf(await fisco.store.agents.list(scopeOf(principalOf(c)), pageRequest(pageOf(c.req.valid("query"))))))
  )
  app.get(
    "/:id",
    operation({ tag: TAG, summary: "Get an agent", scope: "devices:read", response: Agent, errors: [404] }),
    requireScope("devices:read"),
    async (c) => c.json(await requireAgent(c))
  )
  app.get(
    "/:id/logs",
    operation({
      tag: TAG,
      summary: "The agent's recent log lines, newest first",
      description: "The server keeps the newest 1000 lines per agent.",
      scope: "devices:read",
      response: ListOf(AgentLogEntry, "AgentLogEntry"),
      errors: [404]
    }),
    requireScope("devices:read"),
    queryOf(PageQuery),
    async (c) => {
      const agent = await requireAgent(c)
      const page = await fisco.store.agents.logs(scopeOf(principalOf(c)), agent.id, pageRequest(pageOf(c.req.valid("query"))))
      return c.json(listOf(page, (l) => l.itemId))
    }
  )
  return app
}
