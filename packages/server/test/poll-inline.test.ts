import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Harness, createHarness, deviceInput, siteInput } from "./support/harness.js"

let h: Harness
beforeAll(async () => {
  h = await createHarness()
})
afterAll(() => h.close())

describe("POST /v1/devices/{id}/polls without a scheduler", () => {
  it("applies the health rules too: a device that twice does not answer raises device.unreachable", async () => {
    const site = await h.call("POST", "/v1/sites", { auth: h.testKey, body: siteInput() })
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    const device = await h.call("POST", "/v1/devices", { auth: h.testKey, body: deviceInput(site.body.id, "99VPR000777", "http://127.0.0.1:9") })
    expect(device.status).toBe(201)

    for (let i = 0; i < 2; i++) {
      const poll = await h.call("POST", `/v1/devices/${device.body.id}/polls`, { auth: h.testKey })
      expect(poll.status).toBe(502)
      expect(poll.body.code).toBe("device_unreachable")
    }
    const alarms = await h.call("GET", `/v1/alarms?device_id=${device.body.id}`, { auth: h.testKey })
    expect(alarms.body.data).toEqual([expect.objectContaining({ type: "device.unreachable", state: "raised" })])
    const status = await h.call("GET", `/v1/devices/${device.body.id}/status`, { auth: h.testKey })
    expect(status.body.health).toBe("unreachable")
  })
})
