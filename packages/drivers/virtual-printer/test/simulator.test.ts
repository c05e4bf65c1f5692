import type { DeviceError, DocumentReference, FiscalPrinterShape, PrintedDocument } from "@fisco/core"
import { Effect, Either, Option } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type VirtualPrinter, startVirtualPrinter } from "../src/simulator/index.js"
import { sale, usePrinter } from "./printer-harness.js"

const coffeeAndWater = sale([240, 1000], [100, 2200])
const referenceTo = (document: PrintedDocument, deviceSerial: string): DocumentReference => ({
  number: document.number,
  date: document.issuedAt.slice(0, 10),
  deviceSerial
})
const rejection = (result: Either.Either<unknown, { _tag: string }>) => (Either.isLeft(result) ? result.left : undefined)

describe("the virtual printer's fiscal memory", () => {
  let printer: VirtualPrinter
  beforeEach(async () => {
    printer = await startVirtualPrinter({ state: { closures: 41 } })
  })
  afterEach(() => printer.close())
  const use = <A>(f: (p: FiscalPrinterShape) => Effect.Effect<A, DeviceError>) => usePrinter(printer.url, f)
  const printSale = async () => Either.getOrThrow(await use((p) => p.printSale(coffeeAndWater)))

  it("numbers documents under the Z of the open day, starting from its initial state", async () => {
    expect((await printSale()).number).toEqual({ z: 42, document: 1 })
    expect((await printSale()).number).toEqual({ z: 42, document: 2 })
    const status = Either.getOrThrow(await use((p) => p.status))
    expect(status.dayOpen).toBe(true)
  })

  it("keeps per-VAT totals in minor units and closes them in the Z report", async () => {
    const sold = await printSale()
    const voided = await printSale()
    const reference = (d: PrintedDocument) => referenceTo(d, printer.matricola)
    Either.getOrThrow(await use((p) => p.printRefund(reference(sold), sale([100, 2200]))))
    Either.getOrThrow(await use((p) => p.printVoid(reference(voided))))
    const closure = Either.getOrThrow(await use((p) => p.dailyClosure))
    expect(closure).toMatchObject({ zNumber: 42, total: 340 + 340 - 100 - 340 })
    const [z] = (await printer.control.state()).closureHistory
    expect(z!.perVat).toEqual([
      { vat: { rate: 1000 }, sales: 480, returns: 0, voids: 240 },
      { vat: { rate: 2200 }, sales: 200, returns: 100, voids: 100 }
    ])
    expect((await printSale()).number).toEqual({ z: 43, document: 1 })
  })

  it("refunds and voids only sales it printed, within their amount", async () => {
    const sold = await printSale()
    const foreign = referenceTo(sold, "99OTHER0001")
    const unknown = { ...referenceTo(sold, printer.matricola), number: { z: 42, document: 99 } }
    const own = referenceTo(sold, printer.matricola)
    expect(rejection(await use((p) => p.printRefund(foreign, coffeeAndWater)))).toMatchObject({ deviceCode: "FOREIGN_DOCUMENT" })
    expect(rejection(await use((p) => p.printVoid(unknown)))).toMatchObject({ deviceCode: "UNKNOWN_DOCUMENT" })
    expect(rejection(await use((p) => p.printRefund(own, sale([341, 1000]))))).toMatchObject({ deviceCode: "REFUND_EXCEEDS_SALE" })
    Either.getOrThrow(await use((p) => p.printRefund(own, sale([40, 1000]))))
    expect(rejection(await use((p) => p.printVoid(own)))).toMatchObject({ deviceCode: "ALREADY_REFUNDED" })
    const other = referenceTo(await printSale(), printer.matricola)
    Either.getOrThrow(await use((p) => p.printVoid(other)))
    expect(rejection(await use((p) => p.printVoid(other)))).toMatchObject({ deviceCode: "ALREADY_VOIDED" })
  })

  it("refuses a sale whose payments do not cover its lines", async () => {
    const unpaid = { ...coffeeAndWater, payments: [{ method: "cash" as const, amount: 300 }] as const }
    expect(rejection(await use((p) => p.printSale(unpaid)))).toMatchObject({ _tag: "DeviceRejected", deviceCode: "TOTAL_MISMATCH" })
    expect(await printer.control.documents()).toHaveLength(0)
  })

  it("reports paper and cover conditions, and cannot print without paper or with the cover open", async () => {
    await printer.control.setConditions({ paper: "near-end" })
    expect(Either.getOrThrow(await use((p) => p.status))).toMatchObject({ health: "warning", conditions: [{ code: "paper.near-end" }] })
    await printSale()
    await printer.control.setConditions({ paper: "end", coverOpen: true })
    const status = Either.getOrThrow(await use((p) => p.status))
    expect(status.health).toBe("fault")
    expect(status.conditions.map((c) => c.code)).toEqual(["paper.end", "cover.open"])
    expect(rejection(await use((p) => p.printSale(coffeeAndWater)))).toMatchObject({ deviceCode: "PAPER_END" })
    await printer.control.setConditions({ paper: "ok" })
    expect(rejection(await use((p) => p.dailyClosure))).toMatchObject({ deviceCode: "COVER_OPEN" })
  })

  it("answers last-document with nothing on a fresh printer", async () => {
    expect(Either.getOrThrow(await use((p) => p.lastDocument))).toEqual(Option.none())
  })

  it("returns to its initial state on reset", async () => {
    await printSale()
    await printer.control.inject("busy")
    await printer.control.reset()
    expect(await printer.control.documents()).toEqual([])
    expect((await printSale()).number).toEqual({ z: 42, document: 1 })
  })
})

describe("the virtual printer's HTTP endpoints", () => {
  let printer: VirtualPrinter
  beforeEach(async () => {
    printer = await startVirtualPrinter()
  })
  afterEach(() => printer.close())
  const post = async (path: string, body: string) => {
    const response = await fetch(`${printer.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body })
    return { status: response.status, body: (await response.json()) as { ok?: boolean; requestId?: string; error?: { code: string } } }
  }

  it("answers malformed commands with a BAD_REQUEST envelope and keeps serving", async () => {
    expect(await post("/api/v1/command", "{not json")).toMatchObject({ status: 400, body: { ok: false, error: { code: "BAD_REQUEST" } } })
    const wrongTypes = await post("/api/v1/command", JSON.stringify({ command: "print-sale", requestId: "r-1", sale: { lines: "espresso" } }))
    expect(wrongTypes).toMatchObject({ status: 400, body: { ok: false, requestId: "r-1", error: { code: "BAD_REQUEST" } } })
    expect(await post("/api/v1/command", JSON.stringify({ command: "self-destruct", requestId: "r-2" }))).toMatchObject({ status: 400 })
    expect(await post("/api/v1/command", JSON.stringify({ command: "status", requestId: "r-3" }))).toMatchObject({ status: 200, body: { ok: true } })
  })

  it("validates admin input", async () => {
    expect((await post("/admin/faults", JSON.stringify({ fault: "meteor" }))).status).toBe(400)
    expect((await post("/admin/conditions", JSON.stringify({ paper: "plenty" }))).status).toBe(400)
    expect((await fetch(`${printer.url}/admin/nothing`)).status).toBe(404)
  })

  it("closes even while a request hangs", async () => {
    await printer.control.inject("timeout")
    const pending = fetch(`${printer.url}/api/v1/command`, { method: "POST", body: "{}" }).catch((error: unknown) => error)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await printer.close()
    expect(await pending).toBeInstanceOf(Error)
    printer = await startVirtualPrinter()
  })
})
