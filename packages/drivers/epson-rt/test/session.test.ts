import { DeviceTimeout, type DeviceError, type FiscalPrinterShape } from "@fisco/core"
import { Effect, Either, Schema } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { EpsonRtConfig, NoReply, type Transport, epsonRtPrinter, fiscalReceiptRequest, httpTransport, makeEpsonRtDevice, saleSteps } from "../src/index.js"
import { type EpsonSimulator, startEpsonSimulator } from "../src/simulator/index.js"
import { leftOf, sale } from "./harness.js"

const espresso = sale([120, 1000])
const lost = (operation: string) => new NoReply({ error: new DeviceTimeout({ operation, afterMs: 1 }), mayHaveArrived: true })
const isReceipt = (body: string) => body.includes("<printerFiscalReceipt>")

/**
 * A network between driver and printer that misbehaves on the first fiscal request: `before` runs
 * instead of delivering it, and the driver is told the reply was lost.
 */
const flakyNetwork = (url: string, before: (real: Transport) => Effect.Effect<unknown, NoReply>) => {
  const real = httpTransport({ url, timeoutMs: 1000 })
  const sent: Array<string> = []
  let tripped = false
  const transport: Transport = {
    send: (body, operation) =>
      Effect.suspend(() => {
      sent.push(isReceipt(body) ? "receipt" : (/command="(\d+)"|<(\w+) operator/.exec(body)?.slice(1).find(Boolean) ?? "?"))
      if (tripped || !isReceipt(body)) return real.send(body, operation)
      tripped = true
      return Effect.zipRight(before(real), Effect.fail(lost(operation)))
      })
  }
  return { transport, sent }
}

describe("the session's fiscal safety (commitOnce over directIO 1387)", () => {
  let printer: EpsonSimulator
  beforeEach(async () => {
    printer = await startEpsonSimulator()
  })
  afterEach(() => printer.close())

  const run = <A>(transport: Transport, use: (p: FiscalPrinterShape) => Effect.Effect<A, DeviceError>) =>
    Effect.runPromise(
      Effect.either(
        Effect.flatMap(makeEpsonRtDevice(Schema.decodeUnknownSync(EpsonRtConfig)({ url: printer.url, timeoutMs: 1000 }), { transport, backoffMs: 10 }), (device) =>
          use(epsonRtPrinter(device))
        )
      )
    )

  it("prints once more when the read-back shows the lost request never printed", async () => {
    const network = flakyNetwork(printer.url, () => Effect.void)
    const printed = Either.getOrThrow(await run(network.transport, (p) => p.printSale(espresso)))
    const registered = await printer.control.documents()
    expect(registered).toHaveLength(1)
    expect(printed.number).toEqual(registered[0]!.number)
    // Baseline 1387, the lost receipt, the read-back 1387, the one real receipt.
    expect(network.sent).toEqual(["1387", "receipt", "1387", "receipt"])
  })

  it("returns the printed document, without re-sending, when the request printed and only the reply was lost", async () => {
    const network = flakyNetwork(printer.url, (real) => real.send(fiscalReceiptRequest(Either.getOrThrow(saleSteps(espresso))), "print"))
    const printed = Either.getOrThrow(await run(network.transport, (p) => p.printSale(espresso)))
    expect(await printer.control.documents()).toHaveLength(1)
    expect(printed).toMatchObject({ kind: "sale", total: 120, number: { document: 1 } })
    expect(network.sent).toEqual(["1387", "receipt", "1387"])
  })

  it("fails with OutcomeUnknown when a different document appeared meanwhile (another till printed)", async () => {
    const other = sale([999, 2200])
    const network = flakyNetwork(printer.url, (real) => real.send(fiscalReceiptRequest(Either.getOrThrow(saleSteps(other))), "print"))
    const result = await run(network.transport, (p) => p.printSale(espresso))
    expect(leftOf(result)).toMatchObject({ _tag: "OutcomeUnknown" })
    expect((await printer.control.documents()).map((d) => d.total)).toEqual([999])
  })

  it("prints nothing and sends nothing when the sale is invalid", async () => {
    const network = flakyNetwork(printer.url, () => Effect.void)
    const unpaid = { ...espresso, payments: [{ method: "cash" as const, amount: 1 }] as const }
    expect(leftOf(await run(network.transport, (p) => p.printSale(unpaid)))).toMatchObject({ _tag: "DeviceRejected", deviceCode: "INVALID_INPUT" })
    expect(network.sent).toEqual([])
  })
})
