import { readFile } from "node:fs/promises"
import { createRequire } from "node:module"
import { Scalar } from "@scalar/hono-api-reference"
import type { Hono } from "hono"
import { generateSpecs } from "hono-openapi"
import type { AppEnv } from "../context.js"
import { BEARER_SCHEME, VALIDATION_ERROR_RESPONSE } from "../http/operation.js"

export interface ApiInfo {
  readonly title: string
  readonly version: string
  readonly description: string
}

// `__filename` exists in the CommonJS build, `import.meta.url` in the ESM one.
const requireHere = createRequire(typeof __filename === "string" ? __filename : import.meta.url)
let scalarBundle: Promise<string> | undefined
/** The Scalar UI bundle shipped in `@scalar/api-reference`, read once: the docs load nothing from a CDN. */
const loadScalarBundle = () => (scalarBundle ??= readFile(requireHere.resolve("@scalar/api-reference/browser/standalone.js"), "utf8"))

/**
 * effect's JSON Schema names some shared definitions `/schemas/unknown`, which hono-openapi turns
 * into `#/components/schemas//schemas/unknown`. Renames them to plain component names.
 */
const tidyComponentNames = <T>(spec: T): T => {
  const text = JSON.stringify(spec).replaceAll("#/components/schemas//schemas/", "#/components/schemas/")
  const tidy = JSON.parse(text) as { components?: { schemas?: Record<string, unknown> } }
  const schemas = tidy.components?.schemas
  if (schemas) {
    for (const name of Object.keys(schemas)) {
      if (name.startsWith("/schemas/")) {
        schemas[name.slice("/schemas/".length)] = schemas[name]
        delete schemas[name]
      }
    }
  }
  return tidy as T
}

/** Where the app is mounted, from the path of a request to one of its own routes (`/fisco/docs` → `/fisco`). */
const mountPrefix = (path: string, route: string) => path.slice(0, path.length - route.length)

/**
 * `/openapi.json` (OpenAPI 3.1 generated from the routes' own schemas), `/docs` (Scalar) and
 * `/docs/scalar.js`. Registered last so the document covers every route of `app`.
 */
export const mountDocs = (app: Hono<AppEnv>, info: ApiInfo): void => {
  let spec: ReturnType<typeof generateSpecs> | undefined
  const document = () =>
    (spec ??= generateSpecs(app, {
      documentation: {
        info,
        components: {
          securitySchemes: {
            [BEARER_SCHEME]: {
              type: "http",
              scheme: "bearer",
              description: "An API key (`sk_test_…` / `sk_live_…`) or a token from `POST /v1/auth/token`."
            }
          }
        }
      },
      defaultValidationErrorResponse: VALIDATION_ERROR_RESPONSE
    }).then(tidyComponentNames))

  app.get("/openapi.json", async (c) => c.json({ ...(await document()), servers: [{ url: mountPrefix(c.req.path, "/openapi.json") || "/" }] }))
  app.get(
    "/docs",
    Scalar<AppEnv>((c) => {
      const prefix = mountPrefix(c.req.path.replace(/\/$/, ""), "/docs")
      return { url: `${prefix}/openapi.json`, cdn: `${prefix}/docs/scalar.js`, pageTitle: info.title, withDefaultFonts: false }
    })
  )
  app.get("/docs/scalar.js", async (c) =>
    c.body(await loadScalarBundle(), 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=86400" })
  )
}
