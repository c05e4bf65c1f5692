import { join } from "node:path"
import { createMonitor } from "@fisco/core"
import { type EpsonSimulator, startEpsonSimulator } from "@fisco/driver-epson-rt/simulator"
import { createSqliteScheduler } from "@fisco/store-sqlite"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { createServer, enqueueDevicePoll, issueApiKey, registerJobs } from "../src/index.js"
import { type MonitorBench, createMonitorBench } from "./monitor-support.js"

const WAIT = { timeout: 10_000, interval: 50 }

describe("device.poll jobs raise and clear alarms", () => {
  let bench: MonitorBench
  let sim: EpsonSimulator
  beforeAll(async () => {
    bench = await createMonitorBench()
    sim = await startEpsonSimulator()
  })
  afterAll(async () => {
    await sim?.close()
    await bench?.close()
  })

  it("a printer crossing the DGFE threshold shows one raised alarm on /v1/alarms, cleared after it recovers", async () => {
    const scheduler = createSqliteScheduler({ filename: join(bench.dir, "jobs.sqlite"), pollIntervalMs: 20 })
    await registerJobs(scheduler, bench.fisco, {}, createMonitor({ fisco: bench.fisco, clock: bench.clock }))
    await scheduler.start()
    try {
      const app = createServer({ store: bench.store, drivers: bench.fisco.drivers, tokenSecret: "monitor-test-token-secret-of-32-bytes!", clock: bench.clock })
      const { secret } = await issueApiKey(bench.store, { tenantId: bench.scope.tenantId, name: "test", livemode: false, scopes: ["*"] }, bench.clock)
      const { device } = await bench.watch(sim)
      const dgfeAlarms = async () => {
        const res = await app.request(`/v1/alarms?device_id=${device.id}&type=dgfe.near-full`, { headers: { Authorization: `Bearer ${secret}` } })
        expect(res.status).toBe(200)
        return ((await res.json()) as { data: Array<{ state: string; occurrences: number }> }).data
      }
      const statuses = async () => (await bench.store.deviceStatuses.history(bench.scope, device.id, { limit: 100 })).data.length
      /** Queues one poll and waits until its reading is stored. */
      const poll = async () => {
        const before = await statuses()
        await enqueueDevicePoll(scheduler, bench.scope, device.id)
        await vi.waitFor(async () => expect(await statuses()).toBe(before + 1), WAIT)
      }

      await sim.control.setConditions({ dgfe: "near-full" })
      await poll()
      await vi.waitFor(async () => expect(await dgfeAlarms()).toEqual([expect.objectContaining({ state: "raised", occurrences: 1 })]), WAIT)
      await poll()
      await vi.waitFor(async () => expect(await dgfeAlarms()).toEqual([expect.objectContaining({ state: "raised", occurrences: 2 })]), WAIT)

      await sim.control.setConditions({ dgfe: "ok" })
      await poll()
      await poll()
      await vi.waitFor(async () => expect(await dgfeAlarms()).toEqual([expect.objectContaining({ state: "cleared" })]), WAIT)
    } finally {
      await scheduler.stop()
    }
  })
})
