import { CalendarDate, DocumentNumber, MinorUnits, Timestamp, formatDocumentNumber } from "@fisco/core"
import { Schema } from "effect"

/**
 * The virtual printer's wire protocol: JSON over HTTP, one command per `POST /api/v1/command`.
 * These schemas are the protocol's definition; the driver's codec and the simulator both read them,
 * so the two sides cannot drift apart. See the package README for the prose version.
 */
export const COMMAND_PATH = "api/v1/command"

/** A VAT rate in basis points (`{ rate: 2200 }` = 22%) or a Natura code (`{ natura: "N4" }`). */
export const WireVat = Schema.Union(
  Schema.Struct({ rate: Schema.Int.pipe(Schema.between(0, 10_000)) }),
  Schema.Struct({ natura: Schema.String.pipe(Schema.pattern(/^N[1-7](\.\d)?$/)) })
)
export type WireVat = typeof WireVat.Type

export const WireLine = Schema.Struct({
  description: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)),
  quantityMilli: Schema.Int.pipe(Schema.positive()),
  unitPrice: MinorUnits,
  amount: MinorUnits,
  vat: WireVat
})

export const WirePayment = Schema.Struct({
  method: Schema.Literal("cash", "card", "cheque", "ticket", "credit", "other"),
  index: Schema.optional(Schema.Int),
  amount: MinorUnits
})

export const WireSale = Schema.Struct({
  lines: Schema.NonEmptyArray(WireLine),
  payments: Schema.NonEmptyArray(WirePayment),
  customerTaxId: Schema.optional(Schema.String),
  lotteryCode: Schema.optional(Schema.String)
})
export type WireSale = typeof WireSale.Type

/** Document numbers travel as the device prints them, `ZZZZ-NNNN`. */
export const WireDocumentNumber = Schema.transform(Schema.String.pipe(Schema.pattern(/^\d{4}-\d{4}$/)), DocumentNumber, {
  strict: true,
  decode: (text) => ({ z: Number(text.slice(0, 4)), document: Number(text.slice(5)) }),
  encode: formatDocumentNumber
})

export const WireReference = Schema.Struct({ number: WireDocumentNumber, date: CalendarDate, matricola: Schema.String })

const requestFields = {
  /** Chosen by the caller, unique per command; the device stores it with what the command produced. */
  requestId: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(64)),
  /** When set, the device refuses the command unless this is its own matricola (a guard against a wrong URL). */
  matricola: Schema.optional(Schema.String)
}
const command = <C extends string, F extends Schema.Struct.Fields>(name: C, fields: F) =>
  Schema.Struct({ command: Schema.Literal(name), ...requestFields, ...fields })

export const StatusCommand = command("status", {})
export const IdentifyCommand = command("identify", {})
export const LastDocumentCommand = command("last-document", {})
export const LastClosureCommand = command("last-closure", {})
export const PrintSaleCommand = command("print-sale", { sale: WireSale })
export const PrintRefundCommand = command("print-refund", { reference: WireReference, sale: WireSale })
export const PrintVoidCommand = command("print-void", { reference: WireReference })
export const XReportCommand = command("x-report", {})
export const ZReportCommand = command("z-report", {})

export const CommandRequest = Schema.Union(
  StatusCommand,
  IdentifyCommand,
  LastDocumentCommand,
  LastClosureCommand,
  PrintSaleCommand,
  PrintRefundCommand,
  PrintVoidCommand,
  XReportCommand,
  ZReportCommand
)
export type CommandRequest = typeof CommandRequest.Type
export type CommandName = CommandRequest["command"]

/** Commands that change the fiscal memory or print: never re-sent without reading the device back. */
export const COMMITTING_COMMANDS: ReadonlyArray<CommandName> = ["print-sale", "print-refund", "print-void", "z-report"]

export const WireDocument = Schema.Struct({
  kind: Schema.Literal("sale", "refund", "void"),
  number: WireDocumentNumber,
  issuedAt: Timestamp,
  total: MinorUnits,
  requestId: Schema.String
})
export type WireDocument = typeof WireDocument.Type

export const WireVatTotal = Schema.Struct({ vat: WireVat, sales: MinorUnits, returns: MinorUnits, voids: MinorUnits })
export type WireVatTotal = typeof WireVatTotal.Type

export const WireClosure = Schema.Struct({
  z: Schema.Int,
  date: CalendarDate,
  total: MinorUnits,
  perVat: Schema.Array(WireVatTotal),
  requestId: Schema.String
})
export type WireClosure = typeof WireClosure.Type

export const PaperLevel = Schema.Literal("ok", "near-end", "end")
export type PaperLevel = typeof PaperLevel.Type

export const StatusResult = Schema.Struct({
  matricola: Schema.String,
  model: Schema.String,
  firmware: Schema.String,
  clock: Timestamp,
  dayOpen: Schema.Boolean,
  /** The Z closure the current day will be (closures so far + 1); documents are numbered under it. */
  z: Schema.Int,
  /** Number of the last document of the current day (0 right after a closure). */
  lastDocument: Schema.Int,
  paper: PaperLevel,
  coverOpen: Schema.Boolean
})
export const IdentifyResult = Schema.Struct({ vendor: Schema.String, model: Schema.String, matricola: Schema.String, firmware: Schema.String })
export const DocumentResult = Schema.Struct({ document: WireDocument })
export const LastDocumentResult = Schema.Struct({ document: Schema.NullOr(WireDocument) })
export const ClosureReply = Schema.Struct({ closure: WireClosure })
export const LastClosureResult = Schema.Struct({ closure: Schema.NullOr(WireClosure) })
export const XReportResult = Schema.Struct({
  report: Schema.Struct({ date: CalendarDate, total: MinorUnits, perVat: Schema.Array(WireVatTotal) })
})

/** What each command answers with, inside a successful reply's `result`. */
export const resultSchemas = {
  status: StatusResult,
  identify: IdentifyResult,
  "last-document": LastDocumentResult,
  "last-closure": LastClosureResult,
  "print-sale": DocumentResult,
  "print-refund": DocumentResult,
  "print-void": DocumentResult,
  "x-report": XReportResult,
  "z-report": ClosureReply
} as const satisfies Record<CommandName, Schema.Schema<any, any>>
export type ResultOf<C extends CommandName> = (typeof resultSchemas)[C]["Type"]

/** The device's error codes; `BUSY` means "try again later", every other code is a refusal. */
export const DeviceErrorCode = Schema.Literal(
  "BUSY",
  "BAD_REQUEST",
  "WRONG_DEVICE",
  "PAPER_END",
  "COVER_OPEN",
  "TOTAL_MISMATCH",
  "UNKNOWN_DOCUMENT",
  "FOREIGN_DOCUMENT",
  "ALREADY_VOIDED",
  "ALREADY_REFUNDED",
  "REFUND_EXCEEDS_SALE",
  "DOCUMENT_LIMIT"
)
export type DeviceErrorCode = typeof DeviceErrorCode.Type

/**
 * Every reply: `{ ok: true, requestId, result }` or `{ ok: false, requestId?, error: { code, message } }`.
 * Unknown fields are ignored, and error codes are kept as strings, so a newer device still parses.
 */
export const ReplyEnvelope = Schema.Union(
  Schema.Struct({ ok: Schema.Literal(true), requestId: Schema.String, result: Schema.Unknown }),
  Schema.Struct({
    ok: Schema.Literal(false),
    requestId: Schema.optional(Schema.String),
    error: Schema.Struct({ code: Schema.String, message: Schema.String })
  })
)
export type ReplyEnvelope = typeof ReplyEnvelope.Type
