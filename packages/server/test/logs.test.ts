import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createJsonLogger } from "../src/index.js"
import { type Harness, createHarness, siteInput } from "./support/harness.js"

let h: Harness
beforeAll(async () => {
  h = await createHarness()
})
afterAll(() => h.close())

describe("request logs", () => {
  it("one JSON line per request with the agreed fields", async () => {
    h.logs.length = 0
    const res = await h.call("POST", "/v1/sites", { auth: h.testKey, body: siteInput(), headers: { "X-Request-Id": "log-check-1" } })
    expect(res.status).toBe(201)
    await h.call("GET", "/healthz")
    expect(h.logs).toHaveLength(2)
    const line = JSON.parse(h.logs[0]!)
    expect(line).toMatchObject({ level: "info", msg: "request", request_id: "log-check-1", method: "POST", path: "/v1/sites", status: 201, tenant_id: h.tenant.id })
    expect(line.duration_ms).toBeTypeOf("number")
    expect(JSON.parse(h.logs[1]!)).toMatchObject({ path: "/healthz", status: 200, tenant_id: null })
  })

  it("never contains keys, passwords or tokens, even for requests that carry or return them", async () => {
    h.logs.length = 0
    const password = "a very secret password 42"
    const created = await h.call("POST", "/v1/api-keys", { auth: h.testKey, body: { name: "logged?", scopes: ["sites:read"] } })
    await h.call("POST", "/v1/users", { auth: h.testKey, body: { email: "log@example.com", name: "Log", role: "viewer", password } })
    const token = (await h.call("POST", "/v1/auth/token", { body: { email: "log@example.com", password } })).body.token
    await h.call("GET", "/v1/sites?limit=5", { auth: token })
    await h.call("GET", "/v1/sites", { auth: created.body.secret })
    await h.call("GET", "/v1/sites", { auth: `${h.testKey}x` })
    await h.call("POST", "/v1/auth/token", { body: { email: "log@example.com", password: `${password}!` } })

    const all = h.logs.join("\n")
    expect(h.logs.length).toBe(7)
    for (const secret of [h.testKey, created.body.secret, password, token, token.split(".")[2]]) expect(all).not.toContain(secret)
    expect(all).not.toMatch(/sk_(test|live)_/)
    expect(all).not.toMatch(/authorization/i)
  })

  it("the JSON logger redacts fields named like credentials", () => {
    const lines: string[] = []
    createJsonLogger({ write: (l: string) => lines.push(l) }).warn("oops", { password: "p", apiKey: "k", authorization: "a", user: "u" })
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "warn", msg: "oops", password: "[redacted]", apiKey: "[redacted]", authorization: "[redacted]", user: "u" })
  })
})
