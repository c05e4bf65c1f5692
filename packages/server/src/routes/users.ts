import { User } from "@fisco/core"
import { Hono } from "hono"
import { UserCreateInput, UserPatchInput } from "../access/users.js"
import type { AppEnv } from "../context.js"
import { ListOf, PageQuery, listOf, pageOf } from "../http/list.js"
import { operation } from "../http/operation.js"
import { idParam } from "../http/params.js"
import { jsonBody, queryOf } from "../http/validate.js"
import { principalOf, requireScope } from "../middleware/require-scope.js"
import type { RouteDeps } from "./deps.js"

const TAG = "Users"

export const userRoutes = ({ users }: RouteDeps) => {
  const app = new Hono<AppEnv>()
  app.post(
    "/",
    operation({
      tag: TAG,
      summary: "Create a user",
      description: "The role's scopes cannot exceed the caller's. Passwords are stored as bcrypt hashes.",
      scope: "users:write",
      status: 201,
      response: User,
      idempotent: true
    }),
    requireScope("users:write"),
    jsonBody(UserCreateInput),
    async (c) => {
      const principal = principalOf(c)
      return c.json(await users.create(principal.tenantId, c.req.valid("json"), principal), 201)
    }
  )
  app.get(
    "/",
    operation({ tag: TAG, summary: "List users, newest first", scope: "users:read", response: ListOf(User, "User") }),
    requireScope("users:read"),
    queryOf(PageQuery),
    async (c) => c.json(listOf(await users.list(principalOf(c).tenantId, pageOf(c.req.valid("query")))))
  )
  app.get(
    "/:id",
    operation({ tag: TAG, summary: "Get a user", scope: "users:read", response: User, errors: [404] }),
    requireScope("users:read"),
    async (c) => c.json(await users.get(principalOf(c).tenantId, idParam(c)))
  )
  app.patch(
    "/:id",
    operation({
      tag: TAG,
      summary: "Update a user's business functions",
      description: "Functions (e.g. `amministrazione`, `assistenza-tecnica`, `punto-vendita`) let mail distribution lists target users alongside roles.",
      scope: "users:write",
      response: User,
      errors: [404]
    }),
    requireScope("users:write"),
    jsonBody(UserPatchInput),
    async (c) => c.json(await users.update(principalOf(c).tenantId, idParam(c), c.req.valid("json")))
  )
  return app
}
