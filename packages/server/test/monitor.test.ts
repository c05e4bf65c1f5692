import { createMonitor } from "@fisco/core"
import { type DeviceConditions, type EpsonSimulator, startEpsonSimulator } from "@fisco/driver-epson-rt/simulator"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { pollDevice } from "../src/jobs.js"
import { type MonitorBench, createMonitorBench } from "./monitor-support.js"

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

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
beforeEach(() => sim.control.reset())

/**
 * The acceptance scenario for one rule: a healthy printer has no alarm; in the bad condition the
 * first poll raises exactly one alarm and further polls only count occurrences; once it recovers,
 * the alarm holds for one poll and clears on the second (clearAfter = 2), and stays one alarm.
 */
const raisesOnceAndClears = async (type: string, bad: DeviceConditions, good: DeviceConditions) => {
  const { device, poll, alarms } = await bench.watch(sim)
  await poll()
  expect(await alarms()).toEqual([])

  await sim.control.setConditions(bad)
  await poll()
  const [raised, ...others] = await alarms()
  expect(others).toEqual([])
  expect(raised).toMatchObject({ type, state: "raised", occurrences: 1, deviceId: device.id, siteId: device.siteId, dedupeKey: `${device.id}:${type}` })
  await poll()
  expect(await alarms(type)).toEqual([expect.objectContaining({ id: raised!.id, state: "raised", occurrences: 2 })])

  await sim.control.setConditions(good)
  await poll()
  expect(await alarms(type)).toEqual([expect.objectContaining({ id: raised!.id, state: "raised" })])
  await poll()
  expect(await alarms(type)).toEqual([expect.objectContaining({ id: raised!.id, state: "cleared", clearedAt: expect.any(String) })])
  await poll()
  expect(await alarms()).toEqual([expect.objectContaining({ id: raised!.id, state: "cleared" })])
  return raised!
}

describe("health rules on a simulated Epson RT printer", () => {
  it("DGFE near full raises exactly one alarm, which clears when the journal is replaced", async () => {
    const alarm = await raisesOnceAndClears("dgfe.near-full", { dgfe: "near-full" }, { dgfe: "ok" })
    expect(alarm).toMatchObject({ severity: "warning", details: { condition: "dgfe.near-full" } })
  })

  it("DGFE full", async () => {
    expect(await raisesOnceAndClears("dgfe.full", { dgfe: "full" }, { dgfe: "ok" })).toMatchObject({ severity: "critical" })
  })

  it("case open", async () => {
    expect(await raisesOnceAndClears("case.open", { caseOpen: true }, { caseOpen: false })).toMatchObject({ severity: "critical" })
  })

  it("service (SET) mode", async () => {
    await raisesOnceAndClears("service-mode", { mode: "set" }, { mode: "registration" })
  })

  it("training mode and printer offline (cover open)", async () => {
    await raisesOnceAndClears("training-mode", { trainingMode: true }, { trainingMode: false })
    await raisesOnceAndClears("printer.offline", { coverOpen: true }, { coverOpen: false })
  })

  it("fiscal memory near full and full", async () => {
    await raisesOnceAndClears("mf.near-full", { fiscalMemory: "near-full" }, { fiscalMemory: "ok" })
    await raisesOnceAndClears("mf.full", { fiscalMemory: "full" }, { fiscalMemory: "ok" })
  })

  it("files rejected by AdE", async () => {
    const alarm = await raisesOnceAndClears("files.rejected", { filesRejected: 2 }, { filesRejected: 0 })
    expect(alarm).toMatchObject({ severity: "critical", details: { count: 2 } })
  })

  it("files pending and old pending", async () => {
    await raisesOnceAndClears("files.pending", { filesToSend: 3 }, { filesToSend: 0 })
    await raisesOnceAndClears("files.old", { oldFilesToSend: 1 }, { oldFilesToSend: 0 })
  })

  it("device certificate expiring in 10 days", async () => {
    const alarm = await raisesOnceAndClears("certificate.device.expiring", { certificateExpiry: inDays(10) }, { certificateExpiry: inDays(700) })
    expect(alarm).toMatchObject({ severity: "warning", details: { certificate: "CD", date: inDays(10), phase: "expiring" } })
  })

  it("AdE CA certificate expired", async () => {
    await raisesOnceAndClears("certificate.ca.expired", { caCertificateExpiry: inDays(-3) }, { caCertificateExpiry: inDays(700) })
  })

  it("periodic verification due and overdue", async () => {
    await raisesOnceAndClears("periodic-verification.due", { periodicVerification: inDays(12) }, { periodicVerification: inDays(400) })
    await raisesOnceAndClears("periodic-verification.overdue", { periodicVerification: inDays(-5) }, { periodicVerification: inDays(400) })
  })

  it("device unreachable: one lost poll is no alarm, the second raises it, answers clear it", async () => {
    const { device, poll, alarms } = await bench.watch(sim, { timeoutMs: 2000 })
    await poll()
    await sim.control.inject("unreachable")
    await poll()
    expect(await alarms()).toEqual([])
    const latest = await bench.fisco.devices.latestStatus(bench.scope, device.id)
    expect(latest).toMatchObject({ health: "unreachable", conditions: [{ code: "device.unreachable" }] })
    await poll()
    expect(await alarms()).toEqual([expect.objectContaining({ type: "device.unreachable", severity: "critical", state: "raised", occurrences: 1 })])
    await poll()
    expect(await alarms()).toEqual([expect.objectContaining({ type: "device.unreachable", state: "raised", occurrences: 2 })])

    await sim.control.clearFaults()
    await poll()
    expect((await alarms())[0]).toMatchObject({ state: "raised" })
    await poll()
    expect(await alarms()).toEqual([expect.objectContaining({ type: "device.unreachable", state: "cleared" })])
  })

  it("a lost poll neither clears nor duplicates an open condition alarm", async () => {
    const { poll, alarms } = await bench.watch(sim)
    await sim.control.setConditions({ caseOpen: true })
    await poll()
    await sim.control.inject("unreachable")
    await poll()
    await sim.control.clearFaults()
    await poll()
    expect(await alarms()).toEqual([expect.objectContaining({ type: "case.open", state: "raised", occurrences: 2 })])
  })

  it("a tenant's thresholds decide: a 10-day certificate warning is not raised at 20 days", async () => {
    const strict = createMonitor({ fisco: bench.fisco, clock: bench.clock, thresholds: async (scope) => (scope.tenantId === bench.scope.tenantId ? { certificateWarningDays: 10 } : {}) })
    const { device, alarms } = await bench.watch(sim)
    const poll = () => pollDevice(bench.fisco, strict, { ...bench.scope, deviceId: device.id })
    await sim.control.setConditions({ certificateExpiry: inDays(20) })
    await poll()
    await poll()
    expect(await alarms()).toEqual([])
    await sim.control.setConditions({ certificateExpiry: inDays(9) })
    await poll()
    expect(await alarms()).toEqual([expect.objectContaining({ type: "certificate.device.expiring" })])
  })
})

describe("a printer that is gone", () => {
  it("raises device.unreachable on the second failed poll", async () => {
    const gone = await startEpsonSimulator({ matricola: "99MEY000077" })
    const { poll, alarms } = await bench.watch(gone)
    await poll()
    await gone.close()
    await poll()
    expect(await alarms()).toEqual([])
    await poll()
    expect(await alarms()).toEqual([expect.objectContaining({ type: "device.unreachable", state: "raised" })])
  })
})
