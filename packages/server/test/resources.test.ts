import type { DeviceId, SiteId, TenantScope } from "@fisco/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Harness, createHarness, deviceInput, siteInput } from "./support/harness.js"

let h: Harness
let other: Awaited<ReturnType<Harness["newTenant"]>>
beforeAll(async () => {
  h = await createHarness()
  other = await h.newTenant("Other tenant")
})
afterAll(() => h.close())

describe("sites", () => {
  it("201 on create, then get and patch", async () => {
    const created = await h.call("POST", "/v1/sites", { auth: h.testKey, body: siteInput() })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: "Negozio centro", tenantId: h.tenant.id, livemode: false, timezone: "Europe/Rome" })
    expect(created.body.id).toMatch(/^site_/)
    const got = await h.call("GET", `/v1/sites/${created.body.id}`, { auth: h.testKey })
    expect(got.body).toEqual(created.body)
    const patched = await h.call("PATCH", `/v1/sites/${created.body.id}`, { auth: h.testKey, body: { name: "Negozio nuovo" } })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ name: "Negozio nuovo", address: created.body.address })
  })

  it("400 naming the offending field, for every bad field", async () => {
    const body = { ...siteInput(), address: { ...siteInput().address, city: "" , country: "Italy" }, colour: "red" }
    const res = await h.call("POST", "/v1/sites", { auth: h.testKey, body })
    expect(res.status).toBe(400)
    expect(res.headers.get("content-type")).toBe("application/problem+json")
    expect(res.body).toMatchObject({ code: "invalid_input", status: 400, type: "urn:fisco:error:invalid_input" })
    const paths = res.body.errors.map((e: { path: string }) => e.path)
    expect(paths).toEqual(expect.arrayContaining(["address.city", "address.country", "colour"]))
    const patch = await h.call("PATCH", `/v1/sites/site_01ABC`, { auth: h.testKey, body: { timezone: "Mars/Olympus" } })
    expect(patch.status).toBe(400)
    expect(patch.body.errors[0].path).toBe("timezone")
  })

  it("404 for another tenant's site, on read and on write", async () => {
    const theirs = await h.call("POST", "/v1/sites", { auth: other.testKey, body: siteInput("Their shop") })
    expect(theirs.status).toBe(201)
    expect((await h.call("GET", `/v1/sites/${theirs.body.id}`, { auth: h.testKey })).status).toBe(404)
    const patch = await h.call("PATCH", `/v1/sites/${theirs.body.id}`, { auth: h.testKey, body: { name: "Mine now" } })
    expect(patch.status).toBe(404)
    expect((await h.call("GET", `/v1/sites/${theirs.body.id}`, { auth: other.testKey })).body.name).toBe("Their shop")
  })
})

describe("pagination", () => {
  it("walks every page with starting_after, newest first, without gaps or repeats", async () => {
    const tenant = await h.newTenant("Paging tenant")
    const ids: string[] = []
    for (let i = 0; i < 7; i++) ids.push((await h.call("POST", "/v1/sites", { auth: tenant.testKey, body: siteInput(`Shop ${i}`) })).body.id)
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const res: { body: { object: string; data: Array<{ id: string }>; has_more: boolean; next_cursor: string | null } } = await h.call(
        "GET",
        `/v1/sites?limit=3${cursor ? `&starting_after=${cursor}` : ""}`,
        { auth: tenant.testKey }
      )
      expect(res.body.object).toBe("list")
      expect(res.body.data.length).toBeLessThanOrEqual(3)
      seen.push(...res.body.data.map((s) => s.id))
      cursor = res.body.next_cursor
      expect(cursor === null).toBe(!res.body.has_more)
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen).toEqual([...ids].reverse())
  })

  it("400 for a limit out of range or not a number", async () => {
    for (const limit of ["0", "101", "abc", "2.5"]) {
      const res = await h.call("GET", `/v1/sites?limit=${limit}`, { auth: h.testKey })
      expect(res.status).toBe(400)
      expect(res.body.errors[0].path).toBe("limit")
    }
  })
})

describe("devices", () => {
  let siteId: string
  beforeAll(async () => {
    siteId = (await h.call("POST", "/v1/sites", { auth: h.testKey, body: siteInput("Device shop") })).body.id
  })

  it("validates driver.config with the driver's own schema", async () => {
    const res = await h.call("POST", "/v1/devices", { auth: h.testKey, body: { ...deviceInput(siteId), driver: { id: "virtual-printer", config: { url: "ftp://x" } } } })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].path).toBe("driver.config.url")
    const unknown = await h.call("POST", "/v1/devices", { auth: h.testKey, body: { ...deviceInput(siteId), driver: { id: "no-such-driver", config: {} } } })
    expect(unknown.status).toBe(400)
    expect(unknown.body.errors[0].path).toBe("driver.id")
  })

  it("creates, filters, gets and deletes devices; 409 on a duplicate serial", async () => {
    const created = await h.call("POST", "/v1/devices", { auth: h.testKey, body: deviceInput(siteId, "99VPR000001") })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ kind: "rt-printer", siteId, connectivity: "direct", driver: { id: "virtual-printer", config: { url: "http://127.0.0.1:9", timeoutMs: 5000 } } })
    const duplicate = await h.call("POST", "/v1/devices", { auth: h.testKey, body: deviceInput(siteId, "99VPR000001") })
    expect(duplicate.status).toBe(409)
    expect(duplicate.body.code).toBe("conflict")

    const otherSite = (await h.call("POST", "/v1/sites", { auth: h.testKey, body: siteInput("Elsewhere") })).body.id
    const second = await h.call("POST", "/v1/devices", { auth: h.testKey, body: deviceInput(otherSite, "99VPR000002") })
    const bySite = await h.call("GET", `/v1/devices?site_id=${siteId}`, { auth: h.testKey })
    expect(bySite.body.data.map((d: { id: string }) => d.id)).toEqual([created.body.id])
    const byKind = await h.call("GET", "/v1/devices?kind=rt-printer&limit=100", { auth: h.testKey })
    expect(byKind.body.data.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining([created.body.id, second.body.id]))
    expect((await h.call("GET", "/v1/devices?kind=router", { auth: h.testKey })).body.data).toEqual([])
    const badKind = await h.call("GET", "/v1/devices?kind=toaster", { auth: h.testKey })
    expect(badKind.status).toBe(400)
    expect(badKind.body.errors[0].path).toBe("kind")

    expect((await h.call("GET", `/v1/devices/${second.body.id}`, { auth: other.testKey })).status).toBe(404)
    expect((await h.call("DELETE", `/v1/devices/${second.body.id}`, { auth: other.testKey })).status).toBe(404)
    const deleted = await h.call("DELETE", `/v1/devices/${second.body.id}`, { auth: h.testKey })
    expect(deleted.body).toEqual({ id: second.body.id, object: "device", deleted: true })
    expect((await h.call("GET", `/v1/devices/${second.body.id}`, { auth: h.testKey })).status).toBe(404)
  })

  it("refuses a site of another tenant", async () => {
    const theirSite = (await h.call("POST", "/v1/sites", { auth: other.testKey, body: siteInput("Their shop") })).body.id
    const res = await h.call("POST", "/v1/devices", { auth: h.testKey, body: deviceInput(theirSite, "99VPR000003") })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].path).toBe("siteId")
  })

  it("serves the latest status and the history (404 before any reading)", async () => {
    const device = (await h.call("POST", "/v1/devices", { auth: h.testKey, body: deviceInput(siteId, "99VPR000010") })).body
    expect((await h.call("GET", `/v1/devices/${device.id}/status`, { auth: h.testKey })).status).toBe(404)
    const scope: TenantScope = { tenantId: h.tenant.id, livemode: false }
    for (const [i, health] of (["ok", "warning", "fault"] as const).entries()) {
      await h.store.deviceStatuses.record(scope, {
        deviceId: device.id as DeviceId,
        observedAt: `2026-01-01T00:00:0${i}.000Z`,
        health,
        conditions: [],
        raw: { format: "json", body: "{}" }
      })
    }
    const latest = await h.call("GET", `/v1/devices/${device.id}/status`, { auth: h.testKey })
    expect(latest.body).toMatchObject({ health: "fault", deviceId: device.id })
    const first = await h.call("GET", `/v1/devices/${device.id}/statuses?limit=2`, { auth: h.testKey })
    expect(first.body.data.map((s: { health: string }) => s.health)).toEqual(["fault", "warning"])
    expect(first.body.next_cursor).toBe("2026-01-01T00:00:01.000Z")
    const rest = await h.call("GET", `/v1/devices/${device.id}/statuses?limit=2&starting_after=${first.body.next_cursor}`, { auth: h.testKey })
    expect(rest.body).toMatchObject({ has_more: false, next_cursor: null })
    expect(rest.body.data.map((s: { health: string }) => s.health)).toEqual(["ok"])
    expect((await h.call("GET", `/v1/devices/${device.id}/statuses`, { auth: other.testKey })).status).toBe(404)
  })
})

describe("drivers", () => {
  it("lists the registry with each config's JSON Schema", async () => {
    const res = await h.call("GET", "/v1/drivers", { auth: h.testKey })
    expect(res.status).toBe(200)
    expect(res.body.data).toHaveLength(1)
    expect(res.body.data[0]).toMatchObject({ id: "virtual-printer", kinds: ["rt-printer"] })
    expect(res.body.data[0].configSchema).toHaveProperty("properties.url")
  })
})

describe("alarms", () => {
  it("lists with filters, gets one and acknowledges it as the caller", async () => {
    const scope: TenantScope = { tenantId: h.tenant.id, livemode: false }
    const site = (await h.call("POST", "/v1/sites", { auth: h.testKey, body: siteInput("Alarm shop") })).body
    const device = (await h.call("POST", "/v1/devices", { auth: h.testKey, body: deviceInput(site.id, "99VPR000020") })).body
    const paper = await h.fisco.alarms.raise(scope, { type: "paper.end", severity: "critical", dedupeKey: `${device.id}:paper.end`, message: "Paper out", deviceId: device.id as DeviceId, siteId: site.id as SiteId })
    const clock = await h.fisco.alarms.raise(scope, { type: "clock.drift", severity: "warning", dedupeKey: `${device.id}:clock`, message: "Clock drift", deviceId: device.id as DeviceId })
    await h.fisco.alarms.raise({ ...scope, livemode: true }, { type: "paper.end", severity: "critical", dedupeKey: "live:paper", message: "Live alarm" })

    const all = await h.call("GET", "/v1/alarms", { auth: h.testKey })
    expect(all.body.data.map((a: { id: string }) => a.id)).toEqual([clock.id, paper.id])
    const critical = await h.call("GET", "/v1/alarms?severity=critical", { auth: h.testKey })
    expect(critical.body.data.map((a: { id: string }) => a.id)).toEqual([paper.id])
    expect((await h.call("GET", `/v1/alarms?type=clock.drift&device_id=${device.id}`, { auth: h.testKey })).body.data).toHaveLength(1)
    expect((await h.call("GET", `/v1/alarms?site_id=${site.id}`, { auth: h.testKey })).body.data.map((a: { id: string }) => a.id)).toEqual([paper.id])
    expect((await h.call("GET", "/v1/alarms?state=nope", { auth: h.testKey })).body.errors[0].path).toBe("state")

    expect((await h.call("GET", `/v1/alarms/${paper.id}`, { auth: h.testKey })).body.message).toBe("Paper out")
    expect((await h.call("GET", `/v1/alarms/${paper.id}`, { auth: other.testKey })).status).toBe(404)
    const acked = await h.call("POST", `/v1/alarms/${paper.id}/acknowledge`, { auth: h.testKey })
    expect(acked.status).toBe(200)
    expect(acked.body).toMatchObject({ state: "acknowledged", acknowledgedBy: expect.stringMatching(/^key_/) })
    expect((await h.call("GET", "/v1/alarms?state=acknowledged", { auth: h.testKey })).body.data.map((a: { id: string }) => a.id)).toEqual([paper.id])

    await h.fisco.alarms.clear(scope, `${device.id}:clock`)
    const cleared = await h.call("POST", `/v1/alarms/${clock.id}/acknowledge`, { auth: h.testKey })
    expect(cleared.status).toBe(409)
  })
})
