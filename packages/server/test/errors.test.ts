import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Harness, createHarness, siteInput } from "./support/harness.js"

let h: Harness
beforeAll(async () => {
  h = await createHarness()
})
afterAll(() => h.close())

describe("problem details", () => {
  it("400 invalid_json on a malformed body", async () => {
    const res = await h.call("POST", "/v1/sites", { auth: h.testKey, rawBody: '{"name": "x",' })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: "invalid_json", status: 400, title: "Malformed JSON", instance: "/v1/sites" })
  })

  it("400 when the body is not sent as JSON", async () => {
    const res = await h.call("POST", "/v1/sites", { auth: h.testKey, rawBody: JSON.stringify(siteInput()), headers: { "Content-Type": "text/plain" } })
    expect(res.status).toBe(400)
    expect(res.body.detail).toMatch(/application\/json/)
  })

  it("413 payload_too_large for a body over 1 MiB, and nothing stored", async () => {
    const huge = JSON.stringify({ ...siteInput(), externalRef: "x".repeat(1024 * 1024) })
    const res = await h.call("POST", "/v1/sites", { auth: h.testKey, rawBody: huge })
    expect(res.status).toBe(413)
    expect(res.body).toMatchObject({ code: "payload_too_large", status: 413 })
    expect((await h.call("GET", "/v1/sites", { auth: h.testKey })).body.data).toEqual([])
  })

  it("404 problem for unknown routes, inside and outside /v1", async () => {
    for (const path of ["/v1/nothing-here", "/nothing-here"]) {
      const res = await h.call("GET", path, { auth: h.testKey })
      expect(res.status).toBe(404)
      expect(res.headers.get("content-type")).toBe("application/problem+json")
      expect(res.body).toMatchObject({ code: "not_found", instance: path })
      expect(res.body.request_id).toBe(res.headers.get("request-id"))
    }
  })
})

describe("request ids", () => {
  it("answers every response with Request-Id, honouring a sane X-Request-Id", async () => {
    const own = await h.call("GET", "/healthz", { headers: { "X-Request-Id": "client-abc.123" } })
    expect(own.headers.get("request-id")).toBe("client-abc.123")
    const generated = await h.call("GET", "/healthz")
    expect(generated.headers.get("request-id")).toMatch(/^req_[0-9A-Z]{26}$/)
    const insane = await h.call("GET", "/healthz", { headers: { "X-Request-Id": "x".repeat(200) } })
    expect(insane.headers.get("request-id")).toMatch(/^req_/)
    const unauthenticated = await h.call("GET", "/v1/sites", { headers: { "X-Request-Id": "rid-401" } })
    expect(unauthenticated.headers.get("request-id")).toBe("rid-401")
    expect(unauthenticated.body.request_id).toBe("rid-401")
  })
})

describe("health", () => {
  it("healthz and readyz answer ok while the store answers", async () => {
    expect((await h.call("GET", "/healthz")).body).toEqual({ status: "ok" })
    expect((await h.call("GET", "/readyz")).body).toEqual({ status: "ok" })
  })
})

describe("unexpected failures", () => {
  it("500 without internals once the store is gone, logged with the request id; readyz says 503", async () => {
    const broken = await createHarness()
    const key = broken.testKey
    await broken.store.close()
    const res = await broken.call("GET", "/v1/sites", { auth: key, headers: { "X-Request-Id": "rid-500" } })
    expect(res.status).toBe(500)
    expect(res.body).toMatchObject({ code: "internal_error", status: 500, request_id: "rid-500" })
    expect(Object.keys(res.body).sort()).toEqual(["code", "detail", "instance", "request_id", "status", "title", "type"])
    expect(JSON.stringify(res.body)).not.toMatch(/sqlite|database|stack|\.ts/i)
    const logged = broken.logs.map((l) => JSON.parse(l)).find((l) => l.level === "error")
    expect(logged).toMatchObject({ request_id: "rid-500", msg: "unhandled error" })
    expect(logged.error_message).toBeTruthy()

    const ready = await broken.call("GET", "/readyz")
    expect(ready.status).toBe(503)
    expect(ready.body.code).toBe("not_ready")
    await broken.close().catch(() => undefined)
  })
})
