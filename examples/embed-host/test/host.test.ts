import { startVirtualPrinter } from "@fisco/driver-virtual-printer/simulator"
import { issueApiKey } from "@fisco/server"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createHost } from "../src/index.js"

describe("embed-host example", () => {
  let host: Awaited<ReturnType<typeof createHost>>
  let printer: Awaited<ReturnType<typeof startVirtualPrinter>>

  beforeAll(async () => {
    printer = await startVirtualPrinter({ matricola: "99HOST00001" })
    host = await createHost({ fiscoDatabase: ":memory:", tokenSecret: "test-secret-test-secret-test-secret" })
  })
  afterAll(async () => {
    await host?.close()
    await printer?.close()
  })

  it("serves its own routes next to Fisco's", async () => {
    const created = await host.app.request("/api/orders", { method: "POST", body: JSON.stringify({ total: 1250 }) })
    expect(created.status).toBe(201)
    expect(await (await host.app.request("/api/orders")).json()).toEqual([{ id: 1, total: 1250 }])
    expect((await host.app.request("/fisco/healthz")).status).toBe(200)
  })

  it("registers a site and a device in-process, visible through the mounted API", async () => {
    const res = await host.app.request("/api/shops", {
      method: "POST",
      body: JSON.stringify({ name: "Negozio Torino", printerUrl: printer.url, matricola: "99HOST00001" })
    })
    expect(res.status).toBe(201)
    const { device } = (await res.json()) as { device: { id: string; siteId: string } }

    const { secret } = await issueApiKey(host.fisco.store, {
      tenantId: host.tenant.id,
      name: "host",
      livemode: false,
      scopes: ["devices:read"],
      allowedIps: []
    })
    const listed = await host.app.request("/fisco/v1/devices", { headers: { authorization: `Bearer ${secret}` } })
    expect(listed.status).toBe(200)
    const body = (await listed.json()) as { data: Array<{ id: string }> }
    expect(body.data.map((d) => d.id)).toEqual([device.id])
  })

  it("reads a device through its driver and lists alarms without HTTP", async () => {
    const [device] = (await host.fisco.devices.list(host.scope)).data
    const status = await host.fisco.devices.readStatus(host.scope, device!.id)
    expect(status.deviceId).toBe(device!.id)
    expect(status.raw.body.length).toBeGreaterThan(0)

    await host.fisco.alarms.raise(host.scope, {
      type: "device.paper",
      severity: "warning",
      dedupeKey: `${device!.id}:paper.near-end`,
      message: "Paper near end",
      deviceId: device!.id
    })
    const alarms = (await (await host.app.request("/api/alarms")).json()) as { data: Array<{ type: string; state: string }> }
    expect(alarms.data).toEqual([expect.objectContaining({ type: "device.paper", state: "raised" })])
  })
})
