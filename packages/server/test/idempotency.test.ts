import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { type Harness, createHarness, deviceInput, siteInput } from "./support/harness.js"
import { startHeldDevice } from "./support/held-device.js"

let h: Harness
let now = Date.now()
beforeAll(async () => {
  h = await createHarness({ clock: () => new Date(now) })
})
afterAll(() => h.close())

const post = (path: string, key: string, body: unknown, auth = h.testKey) => h.call("POST", path, { auth, body, headers: { "Idempotency-Key": key } })
const countSites = async (auth: string) => (await h.call("GET", "/v1/sites?limit=100", { auth })).body.data.length

describe("Idempotency-Key", () => {
  it("replays the first response and stores one row", async () => {
    const before = await countSites(h.testKey)
    const first = await post("/v1/sites", "create-site-1", siteInput("Once"))
    const again = await post("/v1/sites", "create-site-1", siteInput("Once"))
    expect(first.status).toBe(201)
    expect(first.headers.get("idempotent-replayed")).toBeNull()
    expect(again.status).toBe(201)
    expect(again.headers.get("idempotent-replayed")).toBe("true")
    expect(again.headers.get("content-type")).toMatch(/application\/json/)
    expect(again.body).toEqual(first.body)
    expect(again.headers.get("request-id")).not.toBe(first.headers.get("request-id"))
    expect(await countSites(h.testKey)).toBe(before + 1)
  })

  it("422 when the key comes back with another body or path", async () => {
    await post("/v1/sites", "create-site-2", siteInput("Two"))
    const otherBody = await post("/v1/sites", "create-site-2", siteInput("Not two"))
    expect(otherBody.status).toBe(422)
    expect(otherBody.body.code).toBe("idempotency_key_reused")
    const otherPath = await post("/v1/users", "create-site-2", { email: "u@example.com", name: "U", role: "viewer", password: "long enough password" })
    expect(otherPath.status).toBe(422)
  })

  it("keeps keys apart per tenant and per mode", async () => {
    const other = await h.newTenant("Other")
    expect((await post("/v1/sites", "shared-key", siteInput("A"))).status).toBe(201)
    const theirs = await post("/v1/sites", "shared-key", siteInput("B"), other.testKey)
    expect(theirs.status).toBe(201)
    expect(theirs.headers.get("idempotent-replayed")).toBeNull()
    const live = await post("/v1/sites", "shared-key", siteInput("C"), h.liveKey)
    expect(live.status).toBe(201)
    expect(live.body.livemode).toBe(true)
  })

  it("stores 4xx answers too, so a bad request replays as the same bad request", async () => {
    const bad = await post("/v1/sites", "bad-site", { name: "" })
    const replay = await post("/v1/sites", "bad-site", { name: "" })
    expect(bad.status).toBe(400)
    expect(replay.status).toBe(400)
    expect(replay.headers.get("idempotent-replayed")).toBe("true")
    expect(replay.body).toEqual(bad.body)
  })

  it("400 for a malformed key", async () => {
    const res = await post("/v1/sites", "has spaces in it", siteInput())
    expect(res.status).toBe(400)
    expect(res.body.errors[0].path).toBe("Idempotency-Key")
  })

  it("409 while the first request is in flight; a 5xx releases the key so a retry runs", async () => {
    const device = await startHeldDevice()
    try {
      const site = (await h.call("POST", "/v1/sites", { auth: h.testKey, body: siteInput("Held shop") })).body
      const created = await h.call("POST", "/v1/devices", { auth: h.testKey, body: deviceInput(site.id, "99VPR000100", device.url) })
      const poll = () => h.call("POST", `/v1/devices/${created.body.id}/polls`, { auth: h.testKey, headers: { "Idempotency-Key": "poll-1" } })

      const first = poll()
      await vi.waitFor(() => expect(device.received()).toBe(1))
      const concurrent = await poll()
      expect(concurrent.status).toBe(409)
      expect(concurrent.body.code).toBe("idempotency_key_in_use")

      device.breakDown()
      const failed = await first
      expect(failed.status).toBe(502)
      expect(failed.body.code).toBe("device_unreachable")

      const callsSoFar = device.received()
      const retried = await poll()
      expect(device.received()).toBeGreaterThan(callsSoFar) // it ran again instead of replaying
      expect(retried.status).toBe(502)
      expect(retried.headers.get("idempotent-replayed")).toBeNull()
    } finally {
      await device.close()
    }
  })

  it("forgets keys after 24 hours", async () => {
    expect((await post("/v1/sites", "daily", siteInput("Day one"))).status).toBe(201)
    expect((await post("/v1/sites", "daily", siteInput("Day one, changed"))).status).toBe(422)
    now += 25 * 60 * 60 * 1000
    const later = await post("/v1/sites", "daily", siteInput("Day two"))
    expect(later.status).toBe(201)
    expect(later.body.name).toBe("Day two")
  })
})
