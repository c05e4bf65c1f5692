import { join } from "node:path"
import { type VirtualPrinter, startVirtualPrinter } from "@fisco/driver-virtual-printer/simulator"
import { createSqliteScheduler } from "@fisco/store-sqlite"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { registerJobs } from "../src/index.js"
import { type Harness, createHarness, deviceInput, siteInput } from "./support/harness.js"

let printer: VirtualPrinter
beforeAll(async () => {
  printer = await startVirtualPrinter()
})
afterAll(() => printer.close())

const createPrinterDevice = async (h: Harness, auth: string) => {
  const site = (await h.call("POST", "/v1/sites", { auth, body: siteInput() })).body
  const device = await h.call("POST", "/v1/devices", { auth, body: deviceInput(site.id, printer.matricola, printer.url) })
  expect(device.status).toBe(201)
  return device.body as { id: string }
}

describe("device.poll through the SQLite scheduler", () => {
  let h: Harness
  beforeAll(async () => {
    h = await createHarness({ scheduler: (_store, dir) => createSqliteScheduler({ filename: join(dir, "jobs.sqlite"), pollIntervalMs: 20 }) })
    await registerJobs(h.scheduler!, h.fisco)
    await h.scheduler!.start()
  })
  afterAll(() => h.close())

  it("202 with a job id, and the job records the status read from the printer", async () => {
    const device = await createPrinterDevice(h, h.testKey)
    expect((await h.call("GET", `/v1/devices/${device.id}/status`, { auth: h.testKey })).status).toBe(404)
    const queued = await h.call("POST", `/v1/devices/${device.id}/polls`, { auth: h.testKey })
    expect(queued.status).toBe(202)
    expect(queued.body.job_id).toBeTypeOf("string")
    await vi.waitFor(
      async () => {
        const status = await h.call("GET", `/v1/devices/${device.id}/status`, { auth: h.testKey })
        expect(status.status).toBe(200)
        expect(status.body).toMatchObject({ deviceId: device.id, health: expect.any(String), raw: { format: "json" } })
      },
      { timeout: 10_000, interval: 50 }
    )
    const history = await h.call("GET", `/v1/devices/${device.id}/statuses`, { auth: h.testKey })
    expect(history.body.data).toHaveLength(1)
  })

  it("404 when polling a device of the other mode", async () => {
    const live = await createPrinterDevice(h, h.liveKey)
    const res = await h.call("POST", `/v1/devices/${live.id}/polls`, { auth: h.testKey })
    expect(res.status).toBe(404)
  })
})

describe("device polls without a scheduler", () => {
  let h: Harness
  beforeAll(async () => {
    h = await createHarness()
  })
  afterAll(() => h.close())

  it("reads the printer inline and answers 201 with the recorded status", async () => {
    const device = await createPrinterDevice(h, h.testKey)
    const polled = await h.call("POST", `/v1/devices/${device.id}/polls`, { auth: h.testKey })
    expect(polled.status).toBe(201)
    expect(polled.body.deviceId).toBe(device.id)
    const latest = await h.call("GET", `/v1/devices/${device.id}/status`, { auth: h.testKey })
    expect(latest.body).toEqual(polled.body)
  })
})
