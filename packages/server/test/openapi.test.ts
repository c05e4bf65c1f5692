import { validate } from "@scalar/openapi-parser"
import { Hono } from "hono"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Harness, createHarness } from "./support/harness.js"

let h: Harness
// The generated document, read as plain JSON.
let spec: any
beforeAll(async () => {
  h = await createHarness()
  spec = (await h.call("GET", "/openapi.json")).body
})
afterAll(() => h.close())

/** Every concrete `/v1` route the app registered, as OpenAPI `{ path, method }`. */
const v1Routes = () =>
  h.app.routes
    .filter((r) => r.method !== "ALL" && r.path.startsWith("/v1/") && !r.path.includes("*"))
    .map((r) => ({ path: r.path.replace(/:(\w+)/g, "{$1}"), method: r.method.toLowerCase() }))
    .filter((r, i, all) => all.findIndex((o) => o.path === r.path && o.method === r.method) === i)

const collectRefs = (node: unknown, refs: Set<string> = new Set()): Set<string> => {
  if (Array.isArray(node)) for (const n of node) collectRefs(n, refs)
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") refs.add(v)
      else collectRefs(v, refs)
    }
  }
  return refs
}

describe("/openapi.json", () => {
  it("is OpenAPI 3.1 with a bearer security scheme", () => {
    expect(spec.openapi).toMatch(/^3\.1\.\d+$/)
    expect(spec.info.title).toBe("Fisco API")
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" })
  })

  it("validates against the OpenAPI 3.1 schema", async () => {
    const result = await validate(spec)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
  })

  it("documents every /v1 route the app registers, with security and responses", () => {
    const routes = v1Routes()
    expect(routes.length).toBeGreaterThan(20) // guards the filter itself; the list comes from the app
    for (const { path, method } of routes) {
      const op = spec.paths[path]?.[method]
      expect(op, `${method.toUpperCase()} ${path}`).toBeDefined()
      expect(Object.keys(op.responses).some((s) => s.startsWith("2")), `${method} ${path} success`).toBe(true)
      if (path === "/v1/auth/token") expect(op.security).toEqual([])
      else {
        expect(op.security, `${method} ${path} security`).toEqual([{ bearerAuth: [] }])
        expect(op.responses["401"].content["application/problem+json"].schema.$ref).toBe("#/components/schemas/Problem")
      }
      if (path.includes("{id}")) expect(op.parameters.some((p: { in: string; name: string }) => p.in === "path" && p.name === "id")).toBe(true)
    }
  })

  it("takes request bodies and query parameters from the validating schemas", () => {
    const createSite = spec.paths["/v1/sites"].post
    expect(createSite.requestBody.content["application/json"].schema.$ref).toBe("#/components/schemas/SiteInput")
    expect(spec.components.schemas.SiteInput.required).toEqual(expect.arrayContaining(["name", "address", "timezone"]))
    expect(createSite.responses["201"].content["application/json"].schema.$ref).toBe("#/components/schemas/Site")
    expect(createSite.parameters.map((p: { name: string }) => p.name)).toContain("Idempotency-Key")
    expect(spec.paths["/v1/devices"].post.requestBody.content["application/json"].schema.$ref).toBe("#/components/schemas/DeviceInput")
    const deviceQuery = spec.paths["/v1/devices"].get.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)
    expect(deviceQuery).toEqual(expect.arrayContaining(["query:limit", "query:starting_after", "query:site_id", "query:kind"]))
    const alarmQuery = spec.paths["/v1/alarms"].get.parameters.map((p: { name: string }) => p.name)
    expect(alarmQuery).toEqual(expect.arrayContaining(["state", "severity", "type", "device_id", "site_id"]))
    expect(spec.paths["/v1/sites"].post.responses["400"].content["application/problem+json"]).toBeDefined()
  })

  it("has no dangling $ref", () => {
    for (const ref of collectRefs(spec)) {
      expect(ref).toMatch(/^#\/components\/schemas\/[^/]+$/)
      expect(spec.components.schemas[ref.split("/").pop()!], ref).toBeDefined()
    }
  })
})

describe("/docs", () => {
  it("loads Scalar from this server only, and serves the bundle", async () => {
    const page = await h.call("GET", "/docs")
    expect(page.status).toBe(200)
    const html: string = page.body
    expect(html).toContain('<script src="/docs/scalar.js"')
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']https?:/i)
    expect(html).not.toMatch(/@import\s+url\(["']?https?:/i)
    expect(html).toContain("/openapi.json")

    const bundle = await h.app.request("/docs/scalar.js")
    expect(bundle.status).toBe(200)
    expect(bundle.headers.get("content-type")).toMatch(/javascript/)
    expect((await bundle.text()).length).toBeGreaterThan(100_000)
  })

  it("follows the mount point when a host app mounts the API", async () => {
    const host = new Hono()
    host.get("/", (c) => c.text("host home"))
    host.route("/fisco", h.app)
    const html = await (await host.request("/fisco/docs")).text()
    expect(html).toContain('<script src="/fisco/docs/scalar.js"')
    expect(html).toContain('"/fisco/openapi.json"')
    expect((await host.request("/fisco/docs/scalar.js")).status).toBe(200)
    const mountedSpec = (await (await host.request("/fisco/openapi.json")).json()) as { servers: Array<{ url: string }> }
    expect(mountedSpec.servers).toEqual([{ url: "/fisco" }])
    const unauthenticated = await host.request("/fisco/v1/sites")
    expect(unauthenticated.status).toBe(401)
    expect(unauthenticated.headers.get("request-id")).toBeTruthy()
    const unknown = await host.request("/fisco/v1/nope", { headers: { Authorization: `Bearer ${h.testKey}` } })
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get("content-type")).toBe("application/problem+json")
    expect(await (await host.request("/")).text()).toBe("host home")
  })
})
