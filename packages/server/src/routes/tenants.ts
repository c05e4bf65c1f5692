import { NotFound, Tenant } from "@fisco/core"
import { Hono } from "hono"
import type { AppEnv } from "../context.js"
import { ListOf, listOf } from "../http/list.js"
import { operation } from "../http/operation.js"
import { idParam } from "../http/params.js"
import { principalOf, requireScope } from "../middleware/require-scope.js"
import type { RouteDeps } from "./deps.js"

const TAG = "Tenants"

/** A caller sees exactly one tenant: its own. */
export const tenantRoutes = ({ fisco }: RouteDeps) => {
  const app = new Hono<AppEnv>()
  app.get(
    "/",
    operation({ tag: TAG, summary: "List tenants (the caller's own)", scope: "tenants:read", response: ListOf(Tenant, "Tenant") }),
    requireScope("tenants:read"),
    async (c) => c.json(listOf({ data: [await fisco.tenants.get(principalOf(c).tenantId)], hasMore: false }))
  )
  app.get(
    "/:id",
    operation({ tag: TAG, summary: "Get a tenant", scope: "tenants:read", response: Tenant, errors: [404] }),
    requireScope("tenants:read"),
    async (c) => {
      const id = idParam(c)
      const { tenantId } = principalOf(c)
      if (id !== tenantId) throw new NotFound({ entity: "tenant", id })
      return c.json(await fisco.tenants.get(tenantId))
    }
  )
  return app
}
