import { Site, type SiteId, SiteInput, SitePatchInput } from "@fisco/core"
import { Hono } from "hono"
import { scopeOf } from "../auth/principal.js"
import type { AppEnv } from "../context.js"
import { ListOf, PageQuery, listOf, pageOf } from "../http/list.js"
import { operation } from "../http/operation.js"
import { idParam } from "../http/params.js"
import { jsonBody, queryOf } from "../http/validate.js"
import { principalOf, requireScope } from "../middleware/require-scope.js"
import type { RouteDeps } from "./deps.js"

const TAG = "Sites"

export const siteRoutes = ({ fisco }: RouteDeps) => {
  const app = new Hono<AppEnv>()
  app.post(
    "/",
    operation({ tag: TAG, summary: "Create a site", scope: "sites:write", status: 201, response: Site, idempotent: true }),
    requireScope("sites:write"),
    jsonBody(SiteInput),
    async (c) => c.json(await fisco.sites.create(scopeOf(principalOf(c)), c.req.valid("json")), 201)
  )
  app.get(
    "/",
    operation({ tag: TAG, summary: "List sites, newest first", scope: "sites:read", response: ListOf(Site, "Site") }),
    requireScope("sites:read"),
    queryOf(PageQuery),
    async (c) => c.json(listOf(await fisco.sites.list(scopeOf(principalOf(c)), pageOf(c.req.valid("query")))))
  )
  app.get(
    "/:id",
    operation({ tag: TAG, summary: "Get a site", scope: "sites:read", response: Site, errors: [404] }),
    requireScope("sites:read"),
    async (c) => c.json(await fisco.sites.get(scopeOf(principalOf(c)), idParam(c) as SiteId))
  )
  app.patch(
    "/:id",
    operation({ tag: TAG, summary: "Update a site; omitted fields keep their value", scope: "sites:write", response: Site, errors: [404] }),
    requireScope("sites:write"),
    jsonBody(SitePatchInput),
    async (c) => c.json(await fisco.sites.update(scopeOf(principalOf(c)), idParam(c) as SiteId, c.req.valid("json")))
  )
  return app
}
