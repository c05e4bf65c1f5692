import { type DeviceError, type DriverDefinition, FiscalPrinter, type FiscalPrinterShape, defineDriver, unsupported } from "@fisco/core"
import { Effect, Layer, Option, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { type CheckResult, runDriverChecks } from "../src/index.js"
// The reference driver is imported by path: a package dependency would make testkit and the
// virtual printer depend on each other (it runs this kit in its own tests).
import {
  type VirtualPrinterConfig,
  decodeReply,
  encodeRequest,
  httpTransport,
  toPrintedDocument,
  toWireSale,
  virtualPrinterDriver
} from "../../drivers/virtual-printer/src/index.js"
import { startVirtualPrinter } from "../../drivers/virtual-printer/src/simulator/index.js"

/** The virtual printer driver with some service operations replaced, i.e. a driver with a bug. */
const variant = (
  id: string,
  patch: (service: FiscalPrinterShape, config: VirtualPrinterConfig) => Partial<FiscalPrinterShape>,
  definition: Partial<Pick<typeof virtualPrinterDriver, "capabilities">> = {}
) =>
  defineDriver({
    ...virtualPrinterDriver,
    ...definition,
    id,
    make: (config, context) =>
      Layer.effect(FiscalPrinter, Effect.map(FiscalPrinter, (service) => ({ ...service, ...patch(service, config) }))).pipe(
        Layer.provide(virtualPrinterDriver.make(config, context))
      )
  })

/** Prints a sale the naive way: when the reply is lost, send it again. The bug the kit exists for. */
const printSaleBlindly = (config: VirtualPrinterConfig): FiscalPrinterShape["printSale"] => (sale) => {
  const transport = httpTransport(config)
  const attempt = Effect.suspend(() => {
    const requestId = crypto.randomUUID()
    return transport.send(encodeRequest({ command: "print-sale", requestId, sale: toWireSale(sale) }), "print-sale").pipe(
      Effect.mapError((noReply): DeviceError => noReply.error),
      Effect.flatMap((reply) => decodeReply("print-sale", requestId, reply.body, reply.status))
    )
  })
  return attempt.pipe(Effect.retry({ times: 1 }), Effect.map(({ document }) => toPrintedDocument(document)))
}

const withoutLastDocument = virtualPrinterDriver.capabilities.filter((c) => c !== "last-document")

const run = (driver: DriverDefinition<"rt-printer", any, any>, config: Partial<VirtualPrinterConfig> = {}, callTimeoutMs?: number) =>
  runDriverChecks({
    driver,
    setup: async () => {
      const printer = await startVirtualPrinter()
      return { config: { url: printer.url, timeoutMs: 500, ...config }, simulator: printer.control, teardown: () => printer.close() }
    },
    ...(callTimeoutMs === undefined ? {} : { callTimeoutMs })
  })

const failing = (results: ReadonlyArray<CheckResult>) => results.filter((r) => !r.ok).map((r) => r.name)

describe("the driver conformance suite", { timeout: 180_000 }, () => {
  it("passes the reference driver, reporting each check", async () => {
    const results = await run(virtualPrinterDriver)
    expect(failing(results)).toEqual([])
    expect(results.map((r) => r.name)).toContain("sale: a reply lost after commit prints exactly once")
    // The virtual printer keeps no fiscal archive and no daily counters: those operations answer Unsupported, and the checks that need them do not run.
    expect(results.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        "unsupported: fiscal-archive fails with Unsupported",
        "unsupported: z-transmission fails with Unsupported",
        "unsupported: cash-register fails with Unsupported"
      ])
    )
    expect(results.filter((r) => r.skipped !== undefined).map((r) => r.name)).toEqual([
      "fiscal-archive: a closed day's corrispettivi are listed and read back",
      "z-transmission: a closed Z is queued or sent, a Z never made is unknown",
      "cash-register: a sale opens the day and is counted; the Z closes it and moves the Z number on"
    ])
  })

  it("catches an archive answered with an empty list instead of Unsupported", async () => {
    const results = await run(variant("empty-archive", () => ({ fiscalFiles: () => Effect.succeed([]) })))
    expect(failing(results)).toEqual(["unsupported: fiscal-archive fails with Unsupported"])
  })

  it("catches a driver that re-prints after a lost reply", async () => {
    const results = await run(variant("reprints-after-lost-reply", (_, config) => ({ printSale: printSaleBlindly(config) })))
    expect(failing(results)).toEqual(["sale: a reply lost after commit prints exactly once"])
    expect(results.find((r) => !r.ok)?.error).toMatch(/registered 2 documents/)
  })

  it("catches an undeclared capability answered with an empty result", async () => {
    const driver = variant("answers-undeclared", () => ({ lastDocument: Effect.succeed(Option.none()) }), { capabilities: withoutLastDocument })
    const results = await run(driver)
    expect(failing(results)).toEqual(["unsupported: last-document fails with Unsupported"])
    expect(results.find((r) => r.name === "last-document: returns the last printed document")?.skipped).toBe("the driver does not declare last-document")
  })

  it("catches a declared capability answered with Unsupported", async () => {
    const results = await run(variant("declares-but-refuses", () => ({ xReport: unsupported("declares-but-refuses", "x-report") })))
    expect(failing(results)).toEqual(["declared: x-report is not answered with Unsupported", "x-report: prints without touching document numbering"])
  })

  it("catches device errors turned into defects", async () => {
    const results = await run(variant("throws", (service) => ({ status: Effect.orDie(service.status) })))
    expect(failing(results)).toEqual([
      "unreachable device: fails with DeviceUnreachable or DeviceTimeout",
      "hanging device: a read-only call fails with DeviceTimeout",
      "busy device: fails with DeviceBusy"
    ])
    expect(results.find((r) => !r.ok)?.error).toMatch(/defect/)
  })

  it("catches a config schema that accepts anything", async () => {
    const driver = defineDriver({
      ...virtualPrinterDriver,
      id: "accepts-anything",
      configSchema: Schema.Unknown,
      make: (config, context) => virtualPrinterDriver.make(Schema.decodeUnknownSync(virtualPrinterDriver.configSchema)(config), context)
    })
    expect(failing(await run(driver))).toEqual(["config: garbage is rejected with a parse error"])
  })

  it("catches a driver whose calls never settle on a hung device", async () => {
    const results = await run(virtualPrinterDriver, { timeoutMs: 60_000 }, 2_000)
    expect(failing(results)).toEqual(["hanging device: a read-only call fails with DeviceTimeout", "sale: a hanging device prints nothing"])
    expect(results.find((r) => !r.ok)?.error).toMatch(/did not settle within 2000 ms/)
  })
})
