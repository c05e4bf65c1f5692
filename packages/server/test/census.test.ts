import { type Alarm, type Device, type DeviceStatus, type Fisco, type Monitor, createFisco, createMonitor } from "@fisco/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MonitorBench, createMonitorBench } from "./monitor-support.js"

const HOUR = 3_600_000

describe("fleet census on a real store: raise once, clear", () => {
  let bench: MonitorBench
  let monitor: Monitor
  /** The bench's store under the test's clock: alarms are stamped by the same clock the census judges them with. */
  let fisco: Fisco
  let now = Date.parse("2030-03-02T09:00:00Z")
  const clock = () => new Date(now)
  const advance = (ms: number) => void (now += ms)
  let registered = 0

  beforeAll(async () => {
    bench = await createMonitorBench()
    fisco = createFisco({ store: bench.store, drivers: bench.fisco.drivers, clock })
    monitor = createMonitor({ fisco, clock, census: true })
  })
  afterAll(() => bench?.close())

  /** Records a reading observed now (then moves the clock a minute on) and hands it to the monitor. */
  const report = async (device: Device, extra: Partial<DeviceStatus> = {}) => {
    const status: DeviceStatus = { deviceId: device.id, observedAt: clock().toISOString(), health: "ok", conditions: [], raw: { format: "json", body: "{}" }, ...extra }
    await bench.store.deviceStatuses.record(bench.scope, status)
    advance(60_000)
    return monitor.onReading(bench.scope, device, status)
  }
  const alarmsOf = async (device: Device, type: string): Promise<ReadonlyArray<Alarm>> =>
    (await fisco.alarms.list(bench.scope, { deviceId: device.id, type }, { limit: 100 })).data

  it("a new device raises device.new on its first answered reading only, cleared once acknowledged", async () => {
    const device = await registerOnSite()
    const first = await report(device, { firmware: "6.01" })
    expect(first.raised.map((a) => a.type)).toEqual(["device.new"])
    await report(device, { firmware: "6.01" })
    expect(await alarmsOf(device, "device.new")).toEqual([expect.objectContaining({ state: "raised", occurrences: 1, severity: "info" })])

    const [alarm] = await alarmsOf(device, "device.new")
    await fisco.alarms.acknowledge(bench.scope, alarm!.id, "operator")
    const next = await report(device, { firmware: "6.01" })
    expect(next.cleared.map((a) => a.type)).toEqual(["device.new"])
    expect(await alarmsOf(device, "device.new")).toEqual([expect.objectContaining({ state: "cleared" })])
  })

  it("a firmware change raises one info alarm with from/to, which clears after censusClearAfterDays", async () => {
    const device = await registerOnSite()
    await report(device, { firmware: "6.01" })
    const changed = await report(device, { firmware: "6.02" })
    expect(changed.raised.map((a) => a.type)).toEqual(["device.firmware-changed"])
    await report(device, { firmware: "6.02" })
    // A reading without firmware says nothing about it.
    await report(device, {})
    expect(await alarmsOf(device, "device.firmware-changed")).toEqual([
      expect.objectContaining({ state: "raised", severity: "info", occurrences: 1, details: expect.objectContaining({ from: "6.01", to: "6.02" }) })
    ])
    advance(6 * 24 * HOUR)
    await report(device, { firmware: "6.02" })
    expect((await alarmsOf(device, "device.firmware-changed"))[0]?.state).toBe("raised")
    advance(2 * 24 * HOUR)
    const expired = await report(device, { firmware: "6.02" })
    // The device.new notice of its first reading expires with it.
    expect(expired.cleared.map((a) => a.type).sort()).toEqual(["device.firmware-changed", "device.new"])
  })

  it("a serial change raises one warning; failed polls in between are not compared", async () => {
    const device = await registerOnSite()
    await report(device, { serial: "99MEY123456" })
    await report(device, { health: "unreachable", conditions: [{ code: "device.unreachable", severity: "critical", message: "refused" }] })
    const swapped = await report(device, { serial: "99MEY654321" })
    expect(swapped.raised.map((a) => a.type)).toEqual(["device.serial-changed"])
    await report(device, { serial: "99MEY654321" })
    expect(await alarmsOf(device, "device.serial-changed")).toEqual([
      expect.objectContaining({ state: "raised", severity: "warning", occurrences: 1, details: expect.objectContaining({ from: "99MEY123456", to: "99MEY654321" }) })
    ])
  })

  it("a device silent for missingDeviceHours while others report is missing once, and clears when it reports", async () => {
    const quiet = await registerOnSite()
    const busy = await registerOnSite()
    await report(quiet)
    await report(busy)
    advance(23 * HOUR)
    await report(busy)
    expect((await monitor.sweepCensus(bench.scope)).raised.filter((a) => a.deviceId === quiet.id)).toEqual([])

    advance(2 * HOUR)
    await report(busy)
    const swept = await monitor.sweepCensus(bench.scope)
    expect(swept.raised.filter((a) => a.deviceId === quiet.id).map((a) => a.type)).toEqual(["device.missing"])
    expect(swept.raised.filter((a) => a.deviceId === busy.id)).toEqual([])
    await monitor.sweepCensus(bench.scope)
    expect(await alarmsOf(quiet, "device.missing")).toEqual([expect.objectContaining({ state: "raised", occurrences: 1 })])

    const back = await report(quiet)
    expect(back.cleared.map((a) => a.type)).toContain("device.missing")
    expect(await alarmsOf(quiet, "device.missing")).toEqual([expect.objectContaining({ state: "cleared" })])
  })

  it("when every device is silent, nobody is declared missing", async () => {
    const bench2 = await createMonitorBench()
    try {
      const fisco2 = createFisco({ store: bench2.store, drivers: bench2.fisco.drivers, clock })
      const lonely = createMonitor({ fisco: fisco2, clock, census: true })
      const site = (await fisco2.sites.list(bench2.scope)).data[0]!
      const device = await fisco2.devices.create(bench2.scope, {
        siteId: site.id,
        kind: "rt-printer",
        vendor: "Epson",
        model: "FP-81 II RT",
        serial: "99MEY999001",
        driver: { id: "epson-rt", config: { url: "http://127.0.0.1:9" } }
      })
      await bench2.store.deviceStatuses.record(bench2.scope, { deviceId: device.id, observedAt: clock().toISOString(), health: "ok", conditions: [], raw: { format: "json", body: "{}" } })
      advance(72 * HOUR)
      expect((await lonely.sweepCensus(bench2.scope)).raised).toEqual([])
    } finally {
      await bench2.close()
    }
  })

  it("an unknown matricola raises one device.unknown, cleared when a device with it is registered and reports", async () => {
    const first = await monitor.reportUnknownDevice(bench.scope, { matricola: "99MEY777777", source: "agent" })
    const again = await monitor.reportUnknownDevice(bench.scope, { matricola: "99mey777777", source: "archive" })
    expect(again.id).toBe(first.id)
    expect(again).toMatchObject({ type: "device.unknown", severity: "warning", state: "raised", occurrences: 2, details: expect.objectContaining({ matricola: "99MEY777777" }) })
    const other = (await fisco.alarms.list({ ...bench.scope, livemode: true }, { type: "device.unknown" }, { limit: 10 })).data
    expect(other).toEqual([])

    const device = await registerOnSite("99MEY777777")
    const outcome = await report(device)
    expect(outcome.cleared.map((a) => a.type)).toContain("device.unknown")
    expect(await fisco.alarms.get(bench.scope, first.id)).toMatchObject({ state: "cleared" })
  })

  /** Registers a device on the bench's site. */
  async function registerOnSite(serial?: string): Promise<Device> {
    const site = (await fisco.sites.list(bench.scope)).data[0]!
    return fisco.devices.create(bench.scope, {
      siteId: site.id,
      kind: "rt-printer",
      vendor: "Epson",
      model: "FP-81 II RT",
      serial: serial ?? `99MEY${String(++registered).padStart(6, "0")}`,
      driver: { id: "epson-rt", config: { url: "http://127.0.0.1:9" } }
    })
  }
})
