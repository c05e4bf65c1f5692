import { ApiKey } from "@fisco/core"
import { Hono } from "hono"
import { ApiKeyCreateInput, CreatedApiKey } from "../access/api-keys.js"
import { scopeOf } from "../auth/principal.js"
import type { AppEnv } from "../context.js"
import { ListOf, PageQuery, listOf, pageOf } from "../http/list.js"
import { operation } from "../http/operation.js"
import { idParam } from "../http/params.js"
import { jsonBody, queryOf } from "../http/validate.js"
import { principalOf, requireScope } from "../middleware/require-scope.js"
import type { RouteDeps } from "./deps.js"

const TAG = "API keys"

export const apiKeyRoutes = ({ apiKeys }: RouteDeps) => {
  const app = new Hono<AppEnv>()
  app.post(
    "/",
    operation({
      tag: TAG,
      summary: "Create an API key",
      description:
        "The `secret` is in this response only; Fisco keeps its SHA-256. Scopes cannot exceed the caller's, and a test-mode caller can only create test keys.",
      scope: "api-keys:write",
      status: 201,
      response: CreatedApiKey,
      idempotent: true
    }),
    requireScope("api-keys:write"),
    jsonBody(ApiKeyCreateInput),
    async (c) => {
      const principal = principalOf(c)
      return c.json(await apiKeys.create(principal.tenantId, c.req.valid("json"), principal), 201)
    }
  )
  app.get(
    "/",
    operation({ tag: TAG, summary: "List API keys of the caller's mode, newest first", scope: "api-keys:read", response: ListOf(ApiKey, "ApiKey") }),
    requireScope("api-keys:read"),
    queryOf(PageQuery),
    async (c) => c.json(listOf(await apiKeys.list(scopeOf(principalOf(c)), pageOf(c.req.valid("query")))))
  )
  app.delete(
    "/:id",
    operation({ tag: TAG, summary: "Revoke an API key", scope: "api-keys:write", response: ApiKey, errors: [404] }),
    requireScope("api-keys:write"),
    async (c) => c.json(await apiKeys.revoke(scopeOf(principalOf(c)), idParam(c)))
  )
  return app
}
