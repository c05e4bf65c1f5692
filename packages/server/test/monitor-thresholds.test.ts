import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Harness, createHarness, deviceInput, siteInput } from "./support/harness.js"

let h: Harness
beforeAll(async () => {
  h = await createHarness()
})
afterAll(() => h.close())

/** A device nobody answers for (port 9 on loopback refuses the connection), polled inline through the API. */
const silentDevice = async (key: string, serial: string) => {
  const site = await h.call("POST", "/v1/sites", { auth: key, body: siteInput() })
  const device = await h.call("POST", "/v1/devices", { auth: key, body: deviceInput(site.body.id, serial, "http://127.0.0.1:9") })
  const poll = async () => expect((await h.call("POST", `/v1/devices/${device.body.id}/polls`, { auth: key })).status).toBe(502)
  const unreachable = async () => (await h.call("GET", `/v1/alarms?device_id=${device.body.id}&type=device.unreachable`, { auth: key })).body.data
  return { poll, unreachable }
}

describe("/v1/monitor/thresholds", () => {
  it("starts from the defaults, stores a partial override, and the monitor's polls use it", async () => {
    const initial = await h.call("GET", "/v1/monitor/thresholds", { auth: h.testKey })
    expect(initial.status).toBe(200)
    expect(initial.body.overrides).toEqual({})
    expect(initial.body.effective).toEqual(initial.body.defaults)
    expect(initial.body.defaults.unreachableRaiseAfter).toBe(2)

    // With the default, one lost poll is not an alarm.
    const before = await silentDevice(h.testKey, "99VPR000901")
    await before.poll()
    expect(await before.unreachable()).toEqual([])

    const put = await h.call("PUT", "/v1/monitor/thresholds", { auth: h.testKey, body: { unreachableRaiseAfter: 1, certificateWarningDays: 45 } })
    expect(put.status).toBe(200)
    expect(put.body.overrides).toEqual({ unreachableRaiseAfter: 1, certificateWarningDays: 45 })
    expect(put.body.effective).toMatchObject({ unreachableRaiseAfter: 1, certificateWarningDays: 45, clearAfter: initial.body.defaults.clearAfter })
    expect((await h.call("GET", "/v1/monitor/thresholds", { auth: h.testKey })).body).toEqual(put.body)

    // Now the first lost poll raises it.
    const after = await silentDevice(h.testKey, "99VPR000902")
    await after.poll()
    expect(await after.unreachable()).toEqual([expect.objectContaining({ state: "raised", occurrences: 1 })])

    // Another tenant, and the live mode, keep the defaults.
    const other = await h.newTenant("Other")
    expect((await h.call("GET", "/v1/monitor/thresholds", { auth: other.testKey })).body.overrides).toEqual({})
    expect((await h.call("GET", "/v1/monitor/thresholds", { auth: h.liveKey })).body.overrides).toEqual({})
    const elsewhere = await silentDevice(other.testKey, "99VPR000903")
    await elsewhere.poll()
    expect(await elsewhere.unreachable()).toEqual([])

    // PUT replaces: {} restores every default.
    expect((await h.call("PUT", "/v1/monitor/thresholds", { auth: h.testKey, body: {} })).body.overrides).toEqual({})
    const restored = await silentDevice(h.testKey, "99VPR000904")
    await restored.poll()
    expect(await restored.unreachable()).toEqual([])
  })

  it("refuses unknown fields and out-of-range values, naming them, and keeps the stored override", async () => {
    await h.call("PUT", "/v1/monitor/thresholds", { auth: h.testKey, body: { raiseAfter: 3 } })
    const bad = await h.call("PUT", "/v1/monitor/thresholds", { auth: h.testKey, body: { raiseAfter: 0, dgfeWarningPct: 90, clearAfter: "two" } })
    expect(bad.status).toBe(400)
    expect(bad.headers.get("content-type")).toContain("application/problem+json")
    const paths = bad.body.errors.map((e: { path: string }) => e.path)
    for (const path of ["raiseAfter", "dgfeWarningPct", "clearAfter"]) expect(paths).toContain(path)
    expect((await h.call("GET", "/v1/monitor/thresholds", { auth: h.testKey })).body.overrides).toEqual({ raiseAfter: 3 })
  })

  it("needs the monitor scopes", async () => {
    const readOnly = (await h.key(false, ["monitor:read"])).secret
    expect((await h.call("GET", "/v1/monitor/thresholds", { auth: readOnly })).status).toBe(200)
    expect((await h.call("PUT", "/v1/monitor/thresholds", { auth: readOnly, body: {} })).status).toBe(403)
    const none = (await h.key(false, ["devices:read"])).secret
    expect((await h.call("GET", "/v1/monitor/thresholds", { auth: none })).status).toBe(403)
  })
})
