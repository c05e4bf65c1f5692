import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { hashApiKey } from "../src/index.js"
import { type Harness, createHarness, siteInput } from "./support/harness.js"

let h: Harness
/** The server's clock; moved forward to let keys expire. */
let now = Date.now()
beforeAll(async () => {
  h = await createHarness({ clock: () => new Date(now) })
})
afterAll(() => h.close())

describe("credentials", () => {
  it("401 without a credential, with a malformed one and with an unknown key, as problem+json", async () => {
    for (const headers of [{} as Record<string, string>, { Authorization: "Basic abc" }, { Authorization: `Bearer sk_test_${"x".repeat(40)}` }, { Authorization: "Bearer a.b.c" }]) {
      const res = await h.call("GET", "/v1/sites", { headers })
      expect(res.status).toBe(401)
      expect(res.headers.get("content-type")).toBe("application/problem+json")
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/)
      expect(res.body).toMatchObject({ status: 401, code: "unauthenticated", instance: "/v1/sites" })
    }
  })

  it("accepts a key and stores only its hash, prefix and last four characters", async () => {
    expect((await h.call("GET", "/v1/sites", { auth: h.testKey })).status).toBe(200)
    const stored = await h.store.apiKeys.findByHash(hashApiKey(h.testKey))
    expect(stored).toMatchObject({ prefix: h.testKey.slice(0, 12), last4: h.testKey.slice(-4), hash: hashApiKey(h.testKey) })
    expect(JSON.stringify(stored)).not.toContain(h.testKey)
    expect(h.testKey).toMatch(/^sk_test_[0-9A-Za-z]{32,}$/)
    expect(h.liveKey).toMatch(/^sk_live_[0-9A-Za-z]{32,}$/)
  })

  it("401 for a revoked key and for an expired one", async () => {
    const created = await h.call("POST", "/v1/api-keys", { auth: h.testKey, body: { name: "short-lived", scopes: ["sites:read"] } })
    expect(created.status).toBe(201)
    expect((await h.call("GET", "/v1/sites", { auth: created.body.secret })).status).toBe(200)
    const revoked = await h.call("DELETE", `/v1/api-keys/${created.body.id}`, { auth: h.testKey })
    expect(revoked.status).toBe(200)
    expect(revoked.body.revokedAt).toBeTypeOf("string")
    expect((await h.call("GET", "/v1/sites", { auth: created.body.secret })).status).toBe(401)

    const expiring = await h.call("POST", "/v1/api-keys", {
      auth: h.testKey,
      body: { name: "expiring", scopes: ["sites:read"], expiresAt: new Date(now + 60_000).toISOString() }
    })
    expect(expiring.status).toBe(201)
    expect((await h.call("GET", "/v1/sites", { auth: expiring.body.secret })).status).toBe(200)
    now += 120_000
    const expired = await h.call("GET", "/v1/sites", { auth: expiring.body.secret })
    expect(expired.status).toBe(401)
    expect(expired.body.detail).toMatch(/expired/)
  })

  it("403 when the key lacks the scope", async () => {
    const readOnly = await h.key(false, ["sites:read"])
    expect((await h.call("GET", "/v1/sites", { auth: readOnly.secret })).status).toBe(200)
    const res = await h.call("POST", "/v1/sites", { auth: readOnly.secret, body: siteInput() })
    expect(res.status).toBe(403)
    expect(res.body.code).toBe("forbidden")
    expect((await h.call("GET", "/v1/devices", { auth: readOnly.secret })).status).toBe(403)
  })
})

describe("API key management", () => {
  it("returns the secret once: listing shows neither secret nor hash", async () => {
    const created = await h.call("POST", "/v1/api-keys", { auth: h.testKey, body: { name: "ci", scopes: ["devices:read"] } })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: "ci", livemode: false, scopes: ["devices:read"], prefix: created.body.secret.slice(0, 12) })
    const list = await h.call("GET", "/v1/api-keys?limit=100", { auth: h.testKey })
    expect(list.status).toBe(200)
    const listed = list.body.data.find((k: { id: string }) => k.id === created.body.id)
    expect(listed).toBeDefined()
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret)
    expect(listed).not.toHaveProperty("hash")
    expect(listed).not.toHaveProperty("secret")
  })

  it("refuses scopes the caller does not hold, and live keys from a test credential", async () => {
    const limited = await h.key(false, ["api-keys:write", "sites:read"])
    const escalate = await h.call("POST", "/v1/api-keys", { auth: limited.secret, body: { name: "x", scopes: ["devices:write"] } })
    expect(escalate.status).toBe(403)
    const star = await h.call("POST", "/v1/api-keys", { auth: limited.secret, body: { name: "x", scopes: ["*"] } })
    expect(star.status).toBe(403)
    const subset = await h.call("POST", "/v1/api-keys", { auth: limited.secret, body: { name: "x", scopes: ["sites:read"] } })
    expect(subset.status).toBe(201)

    const live = await h.call("POST", "/v1/api-keys", { auth: h.testKey, body: { name: "x", scopes: ["sites:read"], livemode: true } })
    expect(live.status).toBe(403)
    const fromLive = await h.call("POST", "/v1/api-keys", { auth: h.liveKey, body: { name: "x", scopes: ["sites:read"] } })
    expect(fromLive.status).toBe(201)
    expect(fromLive.body.secret).toMatch(/^sk_live_/)
  })

  it("400 naming the field for unknown scopes, bad addresses and past expiry", async () => {
    const res = await h.call("POST", "/v1/api-keys", {
      auth: h.testKey,
      body: { name: "x", scopes: ["sites:read", "nope:read"], allowedIps: ["10.0.0.0/8", "10.0.0.0/33"] }
    })
    expect(res.status).toBe(400)
    const paths = res.body.errors.map((e: { path: string }) => e.path)
    expect(paths).toContain("scopes.1")
    expect(paths).toContain("allowedIps.1")
    const past = await h.call("POST", "/v1/api-keys", { auth: h.testKey, body: { name: "x", scopes: ["sites:read"], expiresAt: "2001-01-01T00:00:00Z" } })
    expect(past.status).toBe(400)
    expect(past.body.errors[0].path).toBe("expiresAt")
  })

  it("a test key cannot revoke (or see) a live key", async () => {
    const live = await h.key(true, ["sites:read"])
    const res = await h.call("DELETE", `/v1/api-keys/${live.key.id}`, { auth: h.testKey })
    expect(res.status).toBe(404)
    expect((await h.call("GET", "/v1/sites", { auth: live.secret })).status).toBe(200)
  })
})

describe("test and live mode", () => {
  it("a test key never sees live rows, and the other way round", async () => {
    const live = await h.call("POST", "/v1/sites", { auth: h.liveKey, body: siteInput("Live shop") })
    const test = await h.call("POST", "/v1/sites", { auth: h.testKey, body: siteInput("Test shop") })
    expect(live.body.livemode).toBe(true)
    expect(test.body.livemode).toBe(false)
    expect((await h.call("GET", `/v1/sites/${live.body.id}`, { auth: h.testKey })).status).toBe(404)
    expect((await h.call("GET", `/v1/sites/${test.body.id}`, { auth: h.liveKey })).status).toBe(404)
    const testList = await h.call("GET", "/v1/sites?limit=100", { auth: h.testKey })
    expect(testList.body.data.every((s: { livemode: boolean }) => !s.livemode)).toBe(true)
    expect(testList.body.data.map((s: { id: string }) => s.id)).not.toContain(live.body.id)
  })
})

describe("IP allowlists", () => {
  it("403 ip_not_allowed when the key is restricted and the address is unknown or outside", async () => {
    const restricted = await h.key(false, ["sites:read"], { allowedIps: ["10.0.0.0/8"] })
    const res = await h.call("GET", "/v1/sites", { auth: restricted.secret, headers: { "X-Forwarded-For": "10.1.2.3" } })
    // No trustProxy: the forwarded header is ignored and app.request has no socket, so the address is unknown.
    expect(res.status).toBe(403)
    expect(res.body.code).toBe("ip_not_allowed")
  })
})

describe("users and tokens", () => {
  const password = "correct horse battery staple"

  it("creates users (201, no password in the answer), refuses short passwords naming the field", async () => {
    const created = await h.call("POST", "/v1/users", { auth: h.testKey, body: { email: "Ops@Example.com", name: "Ops", role: "operator", password } })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ email: "ops@example.com", role: "operator", tenantId: h.tenant.id })
    expect(JSON.stringify(created.body)).not.toMatch(/password|\$2[aby]\$/i)
    expect((await h.call("GET", `/v1/users/${created.body.id}`, { auth: h.testKey })).body.id).toBe(created.body.id)
    const list = await h.call("GET", "/v1/users", { auth: h.testKey })
    expect(list.body.data.map((u: { id: string }) => u.id)).toContain(created.body.id)

    const short = await h.call("POST", "/v1/users", { auth: h.testKey, body: { email: "x@example.com", name: "X", role: "viewer", password: "short" } })
    expect(short.status).toBe(400)
    expect(short.body.errors[0].path).toBe("password")
    const duplicate = await h.call("POST", "/v1/users", { auth: h.testKey, body: { email: "ops@example.com", name: "Ops", role: "viewer", password } })
    expect(duplicate.status).toBe(409)
  })

  it("exchanges credentials for a token whose role decides the scopes", async () => {
    const bad = await h.call("POST", "/v1/auth/token", { body: { email: "ops@example.com", password: "wrong password!!" } })
    const unknown = await h.call("POST", "/v1/auth/token", { body: { email: "nobody@example.com", password } })
    expect(bad.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(bad.body.detail).toBe(unknown.body.detail)

    const issued = await h.call("POST", "/v1/auth/token", { body: { email: "OPS@example.com", password } })
    expect(issued.status).toBe(200)
    expect(issued.body).toMatchObject({ tokenType: "Bearer", expiresIn: 900 })
    const [, payload] = issued.body.token.split(".")
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString())
    expect(claims).toMatchObject({ tenant: h.tenant.id, role: "operator", livemode: false })
    expect(claims.exp - claims.iat).toBe(900)

    const token = issued.body.token
    expect((await h.call("GET", "/v1/sites", { auth: token })).status).toBe(200) // operator: sites:read
    expect((await h.call("POST", "/v1/sites", { auth: token, body: siteInput() })).status).toBe(403) // but not sites:write
    expect((await h.call("GET", "/v1/api-keys", { auth: token })).status).toBe(403)

    const tampered = `${token.slice(0, -2)}${token.endsWith("A") ? "B" : "A"}A`
    expect((await h.call("GET", "/v1/sites", { auth: tampered })).status).toBe(401)
  })

  it("a user's token runs in the mode it asked for, and cannot mint a stronger user", async () => {
    await h.call("POST", "/v1/users", { auth: h.testKey, body: { email: "dealer@example.com", name: "Dealer", role: "dealer", password } })
    const live = await h.call("POST", "/v1/auth/token", { body: { email: "dealer@example.com", password, livemode: true } })
    const site = await h.call("POST", "/v1/sites", { auth: live.body.token, body: siteInput("Dealer live shop") })
    expect(site.status).toBe(201)
    expect(site.body.livemode).toBe(true)
    const admin = await h.call("POST", "/v1/users", { auth: live.body.token, body: { email: "a@example.com", name: "A", role: "admin", password } })
    expect(admin.status).toBe(403)
  })
})

describe("tenants", () => {
  it("lists only the caller's tenant and hides others with 404", async () => {
    const other = await h.newTenant("Other tenant")
    const list = await h.call("GET", "/v1/tenants", { auth: h.testKey })
    expect(list.body).toMatchObject({ object: "list", has_more: false, next_cursor: null })
    expect(list.body.data.map((t: { id: string }) => t.id)).toEqual([h.tenant.id])
    expect((await h.call("GET", `/v1/tenants/${h.tenant.id}`, { auth: h.testKey })).body.name).toBe("Main tenant")
    const cross = await h.call("GET", `/v1/tenants/${other.tenant.id}`, { auth: h.testKey })
    expect(cross.status).toBe(404)
    expect(cross.body.code).toBe("not_found")
  })
})
