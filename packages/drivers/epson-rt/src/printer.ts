import {
  type CalendarDate,
  type ClosureResult,
  type DeviceError,
  DeviceProtocolError,
  type FiscalFileKind,
  type FiscalFileRef,
  type ZTransmissionStatus,
  DeviceRejected,
  type FiscalPrinterShape,
  type PrintedDocument,
  type SaleDocument,
  formatDocumentNumber
} from "@fisco/core"
import { Effect, Either, Option } from "effect"
import { dateIn, deviceTimestamp } from "./codec/dates.js"
import { DirectIO, type LastDocumentRecord, RT_TYPES, decodeSerialNumber } from "./codec/direct-io.js"
import { fiscalReceiptRequest, type ReceiptStep } from "./codec/receipt.js"
import { decodeClosure, decodePrintedDocument } from "./codec/replies.js"
import { fiscalReportRequest } from "./codec/requests.js"
import { DEFAULT_DEPARTMENTS, refundSteps, saleSteps, saleTotal, voidSteps } from "./codec/sale.js"
import { toStatusReading } from "./codec/status-reading.js"
import { type ArchiveFileKind, parseZReportText } from "./archive.js"
import type { ZTransmission } from "./codec/direct-io.js"
import { readCashRegister } from "./cash-register.js"
import { type EpsonRtDevice, checkRefundOrVoid, readBoardStatus, readDirectIO, readLastDocument, readNextZ, readRtState, readStatusParts, readZTransmission } from "./device.js"
import type { DeviceReads } from "./session.js"

export interface PrinterOptions {
  /** When set, fiscal commands are refused if the device reports another matricola. */
  readonly matricola?: string
  readonly departments?: Readonly<Record<string, number>>
}

type Kind = PrintedDocument["kind"]

const printedFrom = (kind: Kind, record: LastDocumentRecord): PrintedDocument => ({
  kind,
  number: record.number,
  issuedAt: deviceTimestamp(record.date, record.time) ?? `${record.date}T00:00:00Z`,
  total: Math.abs(record.total)
})

const sameNumber = (a: LastDocumentRecord["number"], b: LastDocumentRecord["number"]) => a.z === b.z && a.document === b.document

const FILE_KINDS: Record<ArchiveFileKind, FiscalFileKind> = { corrisp: "corrispettivi", esito: "esito", zreport: "z-report", other: "other" }

/** directIO 9217 in the core's words: a Z out of range or not found is a Z the device does not know. */
export const toZTransmissionStatus = (t: ZTransmission): ZTransmissionStatus =>
  t.state === "sent" ? { state: "sent", transmissionId: t.id } : t.state === "queued" ? { state: "queued" } : { state: "unknown-z" }

/** The FiscalPrinter service over an Epson RT. */
export const epsonRtPrinter = (device: EpsonRtDevice, options: PrinterOptions = {}): FiscalPrinterShape => {
  const { session } = device
  const departments = options.departments ?? DEFAULT_DEPARTMENTS
  /** Kinds of the documents this service printed: 1387 does not say whether a document was a sale, refund or void. */
  const kinds = new Map<string, Kind>()
  const remember = (document: PrintedDocument) => {
    kinds.set(formatDocumentNumber(document.number), document.kind)
    return document
  }

  /** The last document before printing, checked against the configured matricola. */
  const baseline = (reads: DeviceReads) =>
    Effect.flatMap(readLastDocument(reads), (last) =>
      Option.isSome(last) && options.matricola !== undefined && last.value.serial !== "" && last.value.serial !== options.matricola
        ? Effect.fail(new DeviceRejected({ deviceCode: "WRONG_DEVICE", reason: `device ${last.value.serial} is not ${options.matricola}` }))
        : Effect.succeed(last)
    )

  /**
   * A fiscal document printed through `commitOnce`. After a lost reply the last document (1387)
   * is read again: unchanged means nothing was printed; a new number with this document's amount
   * (when known) and a date not before the previous one is this document; anything else cannot be
   * told apart and becomes `OutcomeUnknown`.
   */
  const printDocument = (kind: Kind, steps: Either.Either<ReadonlyArray<ReceiptStep>, DeviceError>, expectedTotal: number | undefined, check?: (reads: DeviceReads) => Effect.Effect<void, DeviceError>) =>
    Either.match(steps, {
      onLeft: (error) => Effect.fail(error),
      onRight: (steps) =>
        Effect.map(
          session.commit({
            operation: `print ${kind}`,
            prepare: (reads) => Effect.zipLeft(baseline(reads), check ? check(reads) : Effect.void),
            request: () => fiscalReceiptRequest(steps),
            accept: (reply) => decodePrintedDocument(kind, reply),
            readBack: (reads, before) =>
              Effect.flatMap(readLastDocument(reads), (after) => {
                if (Option.isNone(after) || (Option.isSome(before) && sameNumber(before.value.number, after.value.number))) return Effect.succeedNone
                const last = after.value
                const amountMatches = expectedTotal === undefined || Math.abs(last.total) === expectedTotal
                const dateMatches = Option.isNone(before) || last.date >= before.value.date
                return amountMatches && dateMatches && last.fiscal
                  ? Effect.succeed(Option.some(printedFrom(kind, last)))
                  : Effect.fail(
                      new DeviceProtocolError({
                        reason: `the last document is now ${formatDocumentNumber(last.number)} of ${last.total} on ${last.date}, which does not match this ${kind}`
                      })
                    )
              })
          }),
          remember
        )
    })

  /** A Z whose reply was lost but which the device made: its total from the day's `ZREPORT.txt`. */
  const closureFromArchive = (zNumber: number, date: CalendarDate): Effect.Effect<ClosureResult, DeviceError> =>
    Effect.flatMap(device.archive.list(date), (entries) => {
      const entry = entries.find((e) => e.kind === "zreport" && e.zNumber === zNumber)
      if (!entry) return Effect.fail(new DeviceProtocolError({ reason: `Z ${zNumber} was made but its ZREPORT is not in the archive of ${date}` }))
      return Effect.flatMap(device.archive.read(date, entry.name), (file) => {
        const totals = parseZReportText(file.body)
        return totals.sales === undefined
          ? Effect.fail(new DeviceProtocolError({ reason: `Z ${zNumber} was made but ${entry.name} carries no day total` }))
          : Effect.succeed({ zNumber, date, total: totals.sales - (totals.refunds ?? 0) - (totals.voids ?? 0) })
      })
    })

  return {
    status: session.exclusive((reads) => Effect.map(readStatusParts(reads, dateIn(new Date())), toStatusReading)),
    identify: session.exclusive((reads) =>
      Effect.gen(function* () {
        const { board } = yield* readBoardStatus(reads)
        const { rt } = yield* readRtState(reads)
        const serial = yield* Effect.flatMap(readDirectIO(reads, DirectIO.serialNumber, "01"), decodeSerialNumber).pipe(
          Effect.catchTags({
            DeviceRejected: (error) => (options.matricola === undefined ? Effect.fail(error) : Effect.succeed(options.matricola))
          })
        )
        return { vendor: "Epson", model: RT_TYPES[rt.rtType as keyof typeof RT_TYPES] ?? `RT type ${rt.rtType}`, serial, firmware: board.cpuRelease }
      })
    ),
    printSale: (sale: SaleDocument) => printDocument("sale", saleSteps(sale, departments), saleTotal(sale)),
    printRefund: (reference, sale) =>
      printDocument("refund", refundSteps(reference, sale, departments), saleTotal(sale), (reads) => checkRefundOrVoid(reads, "refund", reference)),
    printVoid: (reference) => printDocument("void", Either.right(voidSteps(reference)), undefined, (reads) => checkRefundOrVoid(reads, "void", reference)),
    lastDocument: Effect.map(device.lastDocument, Option.map((record) => printedFrom(kinds.get(formatDocumentNumber(record.number)) ?? "sale", record))),
    xReport: Effect.asVoid(session.once(fiscalReportRequest("x"), "printXReport")),
    dailyClosure: Effect.suspend(() => {
      const today = dateIn(new Date())
      return session.commit({
        operation: "printZReport",
        prepare: readNextZ,
        request: () => fiscalReportRequest("z"),
        accept: (reply) => decodeClosure(reply, today),
        readBack: (reads, zNumber) =>
          Effect.flatMap(readZTransmission(reads, zNumber), (t) =>
            t.state === "out-of-range" ? Effect.succeedNone : Effect.asSome(closureFromArchive(zNumber, today))
          )
      })
    }),
    fiscalFiles: (day) =>
      Effect.map(device.archive.list(day), (entries) =>
        entries.map((e): FiscalFileRef => ({ name: e.name, kind: FILE_KINDS[e.kind], day, ...(e.zNumber === undefined ? {} : { zNumber: e.zNumber }) }))
      ),
    readFiscalFile: (ref) => Effect.map(device.archive.read(ref.day, ref.name), (file) => file.body),
    zTransmission: (zNumber) => Effect.map(device.zTransmission(zNumber), toZTransmissionStatus),
    cashRegister: session.exclusive((reads) => readCashRegister(reads, departments))
  }
}
