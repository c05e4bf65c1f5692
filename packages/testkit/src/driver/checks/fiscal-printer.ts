import {
  type AnyDriver,
  CashRegisterReading,
  ClosureResult,
  type DocumentNumber,
  FiscalFileRef,
  ZTransmissionStatus,
  type DocumentReference,
  type FiscalPrinterCapability,
  type FiscalPrinterShape,
  PrintedDocument,
  formatDocumentNumber
} from "@fisco/core"
import { Effect, Option, Schema } from "effect"
import { type CheckContext, type DriverCheck, callService } from "../check.js"
import { expectDecodes, expectFailure, expectSuccess, expectThat } from "../expect.js"
import { emptyArchiveDay, referenceTo, sampleSale, sampleSaleTotal } from "../samples.js"

const printer = callService("fiscal-printer")

/** The reason a check does not apply, when the driver lacks one of `capabilities`. */
const requires = (driver: AnyDriver, ...capabilities: ReadonlyArray<FiscalPrinterCapability>) => {
  const missing = capabilities.filter((c) => !(driver.capabilities as ReadonlyArray<string>).includes(c))
  return missing.length > 0 ? { notApplicable: `the driver does not declare ${missing.join(", ")}` } : {}
}

const document = (value: unknown, what: string) => expectDecodes(PrintedDocument, value, what)
const show = formatDocumentNumber
const sameNumber = (a: DocumentNumber, b: DocumentNumber) => a.z === b.z && a.document === b.document

const expectNext = (previous: DocumentNumber, next: DocumentNumber, what: string) =>
  expectThat(
    next.z === previous.z && next.document === previous.document + 1,
    `${what} is numbered ${show(next)}; expected ${show({ z: previous.z, document: previous.document + 1 })} after ${show(previous)}`
  )

/** Runs `action` and reports the documents the device registered meanwhile. */
const registeredDuring = async <T>(context: CheckContext, action: () => Promise<T>) => {
  const before = await context.simulator.documents()
  const value = await action()
  return { value, registered: (await context.simulator.documents()).slice(before.length) }
}

/** A printed sale and the reference to it that refunds and voids use. */
const printReferencedSale = async (context: CheckContext): Promise<DocumentReference> => {
  const { sale, identity } = expectSuccess(
    await printer(context, (p) => Effect.all({ identity: p.identify, sale: p.printSale(sampleSale) })),
    "printing the sale to refer to"
  )
  return referenceTo(document(sale, "the sale"), identity.serial)
}

type FiscalCommand = "sale" | "refund" | "void"
const commands: Record<FiscalCommand, (p: FiscalPrinterShape, reference: DocumentReference) => Effect.Effect<PrintedDocument, unknown>> = {
  sale: (p) => p.printSale(sampleSale),
  refund: (p, reference) => p.printRefund(reference, sampleSale),
  void: (p, reference) => p.printVoid(reference)
}

/**
 * The fiscal safety rule: when the device executed a command but its reply was lost, the driver
 * must find out what was printed (last-document) instead of printing again.
 */
const lostReplyCheck = (driver: AnyDriver, command: FiscalCommand): DriverCheck => ({
  name: `${command}: a reply lost after commit prints exactly once`,
  ...requires(driver, ...(command === "sale" ? ["sale" as const] : (["sale", command] as const))),
  run: async (context) => {
    const reference = command === "sale" ? undefined : await printReferencedSale(context)
    await context.simulator.inject("drop-reply-after-commit")
    const { value: outcome, registered } = await registeredDuring(context, () => printer(context, (p) => commands[command](p, reference!)))
    expectThat(registered.length === 1, `the device registered ${registered.length} documents for one ${command}; expected exactly 1`)
    const canReadBack = driver.capabilities.includes("last-document")
    if (outcome._tag !== "Success" && !canReadBack) {
      expectFailure(outcome, ["OutcomeUnknown"], `${command} after a lost reply, without last-document`)
      return
    }
    const returned = document(expectSuccess(outcome, `${command} after a lost reply`), `the recovered ${command}`)
    const actual = registered[0]!
    expectThat(
      sameNumber(returned.number, actual.number) && returned.kind === actual.kind,
      `the driver returned ${returned.kind} ${show(returned.number)} but the device printed ${actual.kind} ${show(actual.number)}`
    )
  }
})

/** Checks for RT printers and RT servers, run against the simulator's fiscal memory. */
export const fiscalPrinterChecks = (driver: AnyDriver): ReadonlyArray<DriverCheck> => [
  {
    name: "sale: prints and advances numbering (ZZZZ-NNNN)",
    ...requires(driver, "sale"),
    run: async (context) => {
      const { value: outcome, registered } = await registeredDuring(context, () =>
        printer(context, (p) => Effect.all([p.printSale(sampleSale), p.printSale(sampleSale)]))
      )
      const [first, second] = expectSuccess(outcome, "printing two sales").map((d, i) => document(d, `sale ${i + 1}`))
      expectThat(first!.kind === "sale" && first!.total === sampleSaleTotal, `the sale came back as ${first!.kind} of ${first!.total}; expected sale of ${sampleSaleTotal}`)
      expectNext(first!.number, second!.number, "the second sale")
      expectThat(registered.length === 2, `the device registered ${registered.length} documents for two sales`)
      expectThat(sameNumber(registered[1]!.number, second!.number), `the driver returned ${show(second!.number)} but the device printed ${show(registered[1]!.number)}`)
    }
  },
  {
    name: "last-document: returns the last printed document",
    ...requires(driver, "sale", "last-document"),
    run: async (context) => {
      const [, printed, last] = expectSuccess(
        await printer(context, (p) => Effect.all([p.printSale(sampleSale), p.printSale(sampleSale), p.lastDocument])),
        "two sales then lastDocument"
      )
      expectThat(Option.isOption(last) && Option.isSome(last), `lastDocument after two sales returned ${String(last)}; expected Some`)
      const read = document(Option.getOrThrow(last), "lastDocument")
      expectThat(
        sameNumber(read.number, printed.number) && read.kind === printed.kind && read.total === printed.total,
        `lastDocument is ${read.kind} ${show(read.number)} of ${read.total}; expected ${printed.kind} ${show(printed.number)} of ${printed.total}`
      )
    }
  },
  lostReplyCheck(driver, "sale"),
  {
    name: "sale: a hanging device prints nothing",
    ...requires(driver, "sale"),
    run: async (context) => {
      await context.simulator.inject("timeout")
      const { value: outcome, registered } = await registeredDuring(context, () => printer(context, (p) => p.printSale(sampleSale)))
      expectFailure(outcome, ["DeviceTimeout", "DeviceUnreachable", "OutcomeUnknown"], "a sale on a device that never answers")
      expectThat(registered.length === 0, `the device registered ${registered.length} documents while it hung`)
    }
  },
  {
    name: "refund: by reference to a printed sale",
    ...requires(driver, "sale", "refund"),
    run: async (context) => {
      const reference = await printReferencedSale(context)
      const refund = document(expectSuccess(await printer(context, (p) => p.printRefund(reference, sampleSale)), "printRefund"), "the refund")
      expectThat(refund.kind === "refund" && refund.total === sampleSaleTotal, `the refund came back as ${refund.kind} of ${refund.total}`)
      expectNext(reference.number, refund.number, "the refund")
    }
  },
  lostReplyCheck(driver, "refund"),
  {
    name: "void: by reference to a printed sale",
    ...requires(driver, "sale", "void"),
    run: async (context) => {
      const reference = await printReferencedSale(context)
      const voided = document(expectSuccess(await printer(context, (p) => p.printVoid(reference)), "printVoid"), "the void")
      expectThat(voided.kind === "void" && voided.total === sampleSaleTotal, `the void came back as ${voided.kind} of ${voided.total}`)
      expectNext(reference.number, voided.number, "the void")
    }
  },
  lostReplyCheck(driver, "void"),
  {
    name: "z-report: advances Z and restarts document numbering",
    ...requires(driver, "z-report"),
    run: async (context) => {
      const canSell = driver.capabilities.includes("sale")
      const day = (p: FiscalPrinterShape) =>
        Effect.all({ sale: canSell ? Effect.asSome(p.printSale(sampleSale)) : Effect.succeedNone, closure: p.dailyClosure })
      const [first, second] = expectSuccess(await printer(context, (p) => Effect.all([day(p), day(p)])), "two fiscal days")
      const z1 = expectDecodes(ClosureResult, first!.closure, "the first closure")
      const z2 = expectDecodes(ClosureResult, second!.closure, "the second closure")
      expectThat(z2.zNumber === z1.zNumber + 1, `Z went from ${z1.zNumber} to ${z2.zNumber}; expected ${z1.zNumber + 1}`)
      if (Option.isNone(first!.sale) || Option.isNone(second!.sale)) return
      const [before, after] = [document(first!.sale.value, "the first day's sale"), document(second!.sale.value, "the second day's sale")]
      expectThat(z1.zNumber === before.number.z, `the closure is Z ${z1.zNumber} but the day's sale was numbered ${show(before.number)}`)
      expectThat(z1.total === before.total, `the closure totals ${z1.total}; the day sold ${before.total}`)
      const expected = { z: z1.zNumber + 1, document: 1 }
      expectThat(sameNumber(after.number, expected), `the first sale after Z ${z1.zNumber} is ${show(after.number)}; expected ${show(expected)}`)
    }
  },
  {
    name: "x-report: prints without touching document numbering",
    ...requires(driver, "x-report"),
    run: async (context) => {
      if (!driver.capabilities.includes("sale")) {
        expectSuccess(await printer(context, (p) => p.xReport), "xReport")
        return
      }
      const [before, , after] = expectSuccess(
        await printer(context, (p) => Effect.all([p.printSale(sampleSale), p.xReport, p.printSale(sampleSale)])),
        "sale, X report, sale"
      )
      expectNext(before.number, after.number, "the sale after the X report")
    }
  },
  {
    name: "fiscal-archive: a closed day's corrispettivi are listed and read back",
    ...requires(driver, "sale", "z-report", "fiscal-archive"),
    run: async (context) => {
      const { closure, files, empty } = expectSuccess(
        await printer(context, (p) =>
          Effect.gen(function* () {
            yield* p.printSale(sampleSale)
            const closure = yield* p.dailyClosure
            return { closure, files: yield* p.fiscalFiles(closure.date), empty: yield* p.fiscalFiles(emptyArchiveDay) }
          })
        ),
        "a sale, a closure, then fiscalFiles of its day"
      )
      const listed = expectDecodes(Schema.Array(FiscalFileRef), files, "fiscalFiles")
      expectThat(Array.isArray(empty) && empty.length === 0, `fiscalFiles(${emptyArchiveDay}) listed ${empty.length} files; expected none`)
      const corrispettivi = listed.find((f) => f.kind === "corrispettivi" && (f.zNumber === undefined || f.zNumber === closure.zNumber))
      expectThat(corrispettivi !== undefined, `no corrispettivi file of Z ${closure.zNumber} among ${listed.map((f) => f.name).join(", ") || "no files"}`)
      expectThat(listed.every((f) => f.day === closure.date), `fiscalFiles(${closure.date}) listed files of other days`)
      const content = expectSuccess(await printer(context, (p) => p.readFiscalFile(corrispettivi!)), `readFiscalFile(${corrispettivi!.name})`)
      expectThat(typeof content === "string" && content.includes("DatiCorrispettivi"), `${corrispettivi!.name} does not hold a DatiCorrispettivi document`)
    }
  },
  {
    name: "z-transmission: a closed Z is queued or sent, a Z never made is unknown",
    ...requires(driver, "z-report", "z-transmission"),
    run: async (context) => {
      const { made, next } = expectSuccess(
        await printer(context, (p) =>
          Effect.flatMap(p.dailyClosure, (closure) => Effect.all({ made: p.zTransmission(closure.zNumber), next: p.zTransmission(closure.zNumber + 1) }))
        ),
        "a closure, then zTransmission of it and of the next Z"
      )
      const madeState = expectDecodes(ZTransmissionStatus, made, "zTransmission of the closed Z")
      expectThat(madeState.state !== "unknown-z", `zTransmission of the Z just closed says ${madeState.state}`)
      expectThat(madeState.state !== "sent" || (madeState.transmissionId ?? "") !== "", "a sent Z carries no transmission id")
      expectThat(expectDecodes(ZTransmissionStatus, next, "zTransmission of the next Z").state === "unknown-z", `zTransmission of a Z not made yet says ${next.state}`)
    }
  },
  {
    name: "cash-register: a sale opens the day and is counted; the Z closes it and moves the Z number on",
    ...requires(driver, "sale", "z-report", "cash-register"),
    run: async (context) => {
      const { sale, open, closure, closed } = expectSuccess(
        await printer(context, (p) =>
          Effect.gen(function* () {
            const sale = yield* p.printSale(sampleSale)
            const open = yield* p.cashRegister
            const closure = yield* p.dailyClosure
            return { sale, open, closure, closed: yield* p.cashRegister }
          })
        ),
        "a sale, cashRegister, a closure, cashRegister"
      )
      const printed = document(sale, "the sale")
      const during = expectDecodes(CashRegisterReading, open, "the cash register after the sale")
      const after = expectDecodes(CashRegisterReading, closed, "the cash register after the closure")
      expectThat(during.day.open, "the day is not open after a sale")
      expectThat(during.documents >= 1, `the day counts ${during.documents} documents after a sale`)
      expectThat(during.zNumber === printed.number.z, `the cash register says Z ${during.zNumber}; the sale was numbered ${show(printed.number)}`)
      expectThat(during.lastDocument !== undefined && sameNumber(during.lastDocument.number, printed.number), "the last document is not the sale just printed")
      expectThat(!after.day.open && after.documents === 0, `after the Z the day is ${after.day.open ? "open" : "closed"} with ${after.documents} documents`)
      expectThat(after.zNumber === closure.zNumber + 1, `after Z ${closure.zNumber} the cash register says Z ${after.zNumber}`)
    }
  }
]
