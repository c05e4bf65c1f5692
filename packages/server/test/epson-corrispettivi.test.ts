import { fileURLToPath } from "node:url"
import { verifyCorrispettivi } from "@fisco/ade"
import { type DeviceError, type DocumentReference, FiscalPrinter, type FiscalPrinterShape, type PrintedDocument, type SaleDocument } from "@fisco/core"
import { EpsonRtConfig, epsonRtDriver, makeEpsonRtDevice } from "@fisco/driver-epson-rt"
import { type EpsonSimulator, startEpsonSimulator } from "@fisco/driver-epson-rt/simulator"
import { Effect, Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

/**
 * The two independent halves of the RT story checked against each other: what the Epson driver
 * prints on the simulated printer, the COR10 the printer signs at the Z, and what @fisco/ade reads
 * back from that file with the official XSD and the signature.
 */
const ADE = fileURLToPath(new URL("../../../../shared/spec/ade/", import.meta.url))

const line = (description: string, gross: number, basisPoints: number) => ({
  description,
  quantityMilli: 1000,
  unitPrice: gross,
  amount: gross,
  vat: { _tag: "rate" as const, basisPoints }
})
const sale = (...lines: ReturnType<typeof line>[]): SaleDocument => ({
  lines: lines as unknown as SaleDocument["lines"],
  payments: [{ method: "cash", amount: lines.reduce((s, l) => s + l.amount, 0) }]
})

describe("Epson RT: sales → Z → signed COR10 → verified totals", () => {
  let sim: EpsonSimulator
  let config: EpsonRtConfig
  let closureDate = ""
  const printer = <A>(use: (p: FiscalPrinterShape) => Effect.Effect<A, DeviceError>) =>
    Effect.runPromise(Effect.flatMap(FiscalPrinter, use).pipe(Effect.provide(epsonRtDriver.make(config, { livemode: false }))))
  const referenceTo = (d: PrintedDocument): DocumentReference => ({ number: d.number, date: d.issuedAt.slice(0, 10), deviceSerial: sim.matricola })

  beforeAll(async () => {
    sim = await startEpsonSimulator({ matricola: "99MEY054321" })
    config = Schema.decodeUnknownSync(EpsonRtConfig)({ url: sim.url, matricola: sim.matricola })
  })
  afterAll(() => sim?.close())

  it("produces a corrispettivi file that verifies and whose totals equal what was sold", async () => {
    // 12.20 at 22% = 10.00 + 2.20; 11.00 at 10% = 10.00 + 1.00: splits with no rounding.
    const first = await printer((p) => p.printSale(sale(line("Pane", 1220, 2200), line("Latte", 1100, 1000))))
    const second = await printer((p) => p.printSale(sale(line("Vino", 2440, 2200))))
    const third = await printer((p) => p.printSale(sale(line("Olio", 1100, 1000))))
    await printer((p) => p.printRefund(referenceTo(first), sale(line("Pane", 1220, 2200))))
    await printer((p) => p.printVoid(referenceTo(third)))
    expect([first, second, third].map((d) => d.number.document)).toEqual([1, 2, 3])

    const closure = await printer((p) => p.dailyClosure)
    closureDate = closure.date
    const device = await Effect.runPromise(makeEpsonRtDevice(config))
    const files = await Effect.runPromise(device.archive.list(closure.date))
    const corrisp = files.find((f) => f.kind === "corrisp" && f.zNumber === closure.zNumber)
    expect(corrisp).toBeDefined()
    const file = await Effect.runPromise(device.archive.read(closure.date, corrisp!.name))

    const report = await verifyCorrispettivi(file.body, { schemaDir: ADE, expectedMatricola: sim.matricola })
    expect(report).toMatchObject({ ok: true, kind: "corrispettivi", schema: { valid: true }, signature: { valid: true }, matricolaMatches: true })

    const byRate = new Map(report.corrispettivi!.perVat.map((v) => [v.vat._tag === "rate" ? v.vat.basisPoints : -1, v]))
    const at22 = byRate.get(2200)!
    const at10 = byRate.get(1000)!
    // Ammontare is net of VAT: 12.20 + 24.40 sold at 22% → 30.00 net; the 12.20 refund → 10.00 net of returns.
    expect(at22).toMatchObject({ amount: 3000, returns: 1000, voids: 0 })
    expect(at22.tax).toBe(660 - 220)
    // 11.00 + 11.00 sold at 10% → 20.00 net; the voided 11.00 → 10.00 net of voids.
    expect(at10).toMatchObject({ amount: 2000, returns: 0, voids: 1000 })
    expect(at10.tax).toBe(200 - 100)
    // What the shop actually took, per rate: net − returns − voids + tax.
    expect(at22.amount - at22.returns - at22.voids + at22.tax).toBe(1220 + 2440 - 1220)
    expect(at10.amount - at10.returns - at10.voids + at10.tax).toBe(1100 + 1100 - 1100)
  })

  it("a single changed digit in that file fails the signature", async () => {
    const device = await Effect.runPromise(makeEpsonRtDevice(config))
    const files = await Effect.runPromise(device.archive.list(closureDate))
    const file = await Effect.runPromise(device.archive.read(closureDate, files.find((f) => f.kind === "corrisp")!.name))
    const tampered = file.body.replace(/<Ammontare>(\d)/, (_, d: string) => `<Ammontare>${(Number(d) + 1) % 10}`)
    const report = await verifyCorrispettivi(tampered, { schemaDir: ADE })
    expect(report.ok).toBe(false)
    expect(report.signature.valid).toBe(false)
  })
})
