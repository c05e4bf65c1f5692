import { FiscalPrinter, type SaleDocument } from "@fisco/core"
import { EpsonRtConfig, epsonRtDriver } from "@fisco/driver-epson-rt"
import { type EpsonSimulator, startEpsonSimulator } from "@fisco/driver-epson-rt/simulator"
import { Effect, Schema } from "effect"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { type MonitorBench, createMonitorBench } from "./monitor-support.js"

const HOUR = 3_600_000
const coffee = {
  lines: [{ description: "Caffè", quantityMilli: 1000, unitPrice: 120, amount: 120, vat: { _tag: "rate", basisPoints: 1000 } }],
  payments: [{ method: "cash", amount: 120 }]
} as unknown as SaleDocument

describe("day.closure-required on a simulated Epson RT printer", () => {
  let bench: MonitorBench
  let sim: EpsonSimulator
  const printer = <A, E>(use: (p: FiscalPrinter["Type"]) => Effect.Effect<A, E>) =>
    Effect.runPromise(Effect.flatMap(FiscalPrinter, use).pipe(Effect.provide(epsonRtDriver.make(Schema.decodeUnknownSync(EpsonRtConfig)({ url: sim.url }), { livemode: false }))))

  beforeAll(async () => {
    bench = await createMonitorBench()
    sim = await startEpsonSimulator()
  })
  afterAll(async () => {
    await sim?.close()
    await bench?.close()
  })
  beforeEach(async () => {
    await sim.control.reset()
    await sim.control.setClock(null)
  })

  it("raises once when the device reports the previous day's closure pending, and clears after the Z", async () => {
    const { poll, alarms } = await bench.watch(sim)
    await printer((p) => p.printSale(coffee))
    await poll()
    expect(await alarms()).toEqual([])

    await sim.control.setClock(new Date(Date.now() + 26 * HOUR).toISOString())
    await poll()
    await poll()
    expect(await alarms()).toEqual([expect.objectContaining({ type: "day.closure-required", state: "raised", occurrences: 2, details: expect.objectContaining({ condition: "day.pending-closure" }) })])

    await printer((p) => p.dailyClosure)
    await poll()
    await poll()
    expect(await alarms()).toEqual([expect.objectContaining({ type: "day.closure-required", state: "cleared" })])
  })

  it("raises when the history shows the day open for dayOpenMaxHours, though the device has not flagged it", async () => {
    const { poll, alarms } = await bench.watch(sim)
    await printer((p) => p.printSale(coffee))
    await poll()
    bench.clock.advance(20 * HOUR)
    await poll()
    expect(await alarms()).toEqual([])
    bench.clock.advance(4 * HOUR)
    await poll()
    const [alarm, ...others] = await alarms()
    expect(others).toEqual([])
    expect(alarm).toMatchObject({ type: "day.closure-required", state: "raised", details: { hours: 24 } })

    await printer((p) => p.dailyClosure)
    await poll()
    await poll()
    expect(await alarms()).toEqual([expect.objectContaining({ state: "cleared" })])
  })
})
