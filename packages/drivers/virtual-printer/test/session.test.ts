import { Effect, Either } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type VirtualPrinter, startVirtualPrinter } from "../src/simulator/index.js"
import { sale, usePrinter } from "./printer-harness.js"

const espresso = sale([120, 1000])
const leftTag = (result: Either.Either<unknown, { _tag: string }>) => (Either.isLeft(result) ? result.left._tag : "success")

describe("the session's fiscal safety", () => {
  let printer: VirtualPrinter
  beforeEach(async () => {
    printer = await startVirtualPrinter()
  })
  afterEach(() => printer.close())
  const commands = async () => (await printer.control.state()).commands.map((c) => c.command)

  it("after a lost reply returns what was printed, reading it back instead of re-sending", async () => {
    await printer.control.inject("drop-reply-after-commit")
    const result = await usePrinter(printer.url, (p) => p.printSale(espresso))
    const documents = await printer.control.documents()
    expect(documents).toHaveLength(1)
    expect(Either.getOrThrow(result).number).toEqual(documents[0]!.number)
    expect(await commands()).toEqual(["print-sale", "last-document"])
  })

  it("reports OutcomeUnknown when the printer prints and then goes down", async () => {
    await printer.control.inject("drop-reply-after-commit", { then: "down" })
    const result = await usePrinter(printer.url, (p) => p.printSale(espresso))
    expect(leftTag(result)).toBe("OutcomeUnknown")
    expect(await printer.control.documents()).toHaveLength(1)
    expect(await commands()).toEqual(["print-sale"])
  })

  it("reports OutcomeUnknown and prints nothing when a hung printer never answers", async () => {
    await printer.control.inject("timeout")
    expect(leftTag(await usePrinter(printer.url, (p) => p.printSale(espresso)))).toBe("OutcomeUnknown")
    expect(await printer.control.documents()).toHaveLength(0)
  })

  it("sends a fiscal command once to a busy printer, while reads are retried", async () => {
    await printer.control.inject("busy")
    expect(leftTag(await usePrinter(printer.url, (p) => p.printSale(espresso)))).toBe("DeviceBusy")
    expect(leftTag(await usePrinter(printer.url, (p) => p.status))).toBe("DeviceBusy")
    expect(await commands()).toEqual(["print-sale", "status", "status", "status"])
  })

  it("recovers a lost Z report reply through last-closure without closing the day twice", async () => {
    await usePrinter(printer.url, (p) => p.printSale(espresso))
    await printer.control.inject("drop-reply-after-commit")
    const closure = Either.getOrThrow(await usePrinter(printer.url, (p) => p.dailyClosure))
    expect(closure).toMatchObject({ zNumber: 1, total: 120 })
    const state = await printer.control.state()
    expect(state.closures).toBe(1)
    expect(state.commands.filter((c) => c.command === "z-report")).toHaveLength(1)
  })

  it("sends one command at a time, even when called concurrently", async () => {
    // A printer that takes 20 ms per print, so commands that were not serialised would overlap.
    await printer.close()
    printer = await startVirtualPrinter({ printMs: 20 })
    const prints = Array.from({ length: 6 }, () => espresso)
    const printed = Either.getOrThrow(
      await usePrinter(printer.url, (p) => Effect.all(prints.map((s) => p.printSale(s)), { concurrency: "unbounded" }))
    )
    expect(printed.map((d) => d.number.document).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6])
    expect((await printer.control.state()).peakConcurrentCommands).toBe(1)
  })

  it("is refused by a printer with another matricola, which prints nothing", async () => {
    const result = await usePrinter(printer.url, (p) => p.printSale(espresso), { matricola: "99XYZ000009" })
    expect(Either.isLeft(result) && result.left).toMatchObject({ _tag: "DeviceRejected", deviceCode: "WRONG_DEVICE" })
    expect(await printer.control.documents()).toHaveLength(0)
  })
})

describe("a printer that refuses connections", () => {
  it("is DeviceUnreachable, not an unknown outcome: the print never left", async () => {
    const printer = await startVirtualPrinter()
    await printer.close()
    expect(leftTag(await usePrinter(printer.url, (p) => p.printSale(espresso)))).toBe("DeviceUnreachable")
  })
})
