import { Context, Schema } from "effect"
import type { Effect, Option } from "effect"
import type { DeviceError } from "../errors.js"
import type { StatusReading } from "../domain/device-status.js"
import { CalendarDate, Timestamp } from "../domain/ids.js"
import { MinorUnits } from "../domain/money.js"
import { DocumentNumber, Payment, ReceiptLine } from "../domain/receipt.js"
import type { CashRegisterReading } from "./cash-register.js"
import type { DeviceIdentity } from "./identity.js"

/** A sale to register: lines and payments in minor units, VAT included. */
export const SaleDocument = Schema.Struct({
  lines: Schema.NonEmptyArray(ReceiptLine),
  payments: Schema.NonEmptyArray(Payment),
  /** Customer's codice fiscale / partita IVA to print on the document. */
  customerTaxId: Schema.optional(Schema.String),
  /** Italian receipt lottery code. */
  lotteryCode: Schema.optional(Schema.String)
}).annotations({ identifier: "SaleDocument" })
export type SaleDocument = typeof SaleDocument.Type

/** The document a refund or void points back to: its number, its date and the device that printed it. */
export const DocumentReference = Schema.Struct({
  number: DocumentNumber,
  date: CalendarDate,
  deviceSerial: Schema.String
}).annotations({ identifier: "DocumentReference" })
export type DocumentReference = typeof DocumentReference.Type

export const PrintedDocument = Schema.Struct({
  kind: Schema.Literal("sale", "refund", "void"),
  number: DocumentNumber,
  issuedAt: Timestamp,
  total: MinorUnits
}).annotations({ identifier: "PrintedDocument" })
export type PrintedDocument = typeof PrintedDocument.Type

export const ClosureResult = Schema.Struct({
  zNumber: Schema.Int,
  date: CalendarDate,
  total: MinorUnits
}).annotations({ identifier: "ClosureResult" })
export type ClosureResult = typeof ClosureResult.Type

/**
 * What a file in the device's fiscal archive is: `corrispettivi` the signed daily data (COR10) sent
 * to AdE (Agenzia delle Entrate), `esito` AdE's signed outcome of a transmission, `z-report` the
 * text report of the daily closure (Z), `other` anything else the device keeps there.
 */
export const FiscalFileKind = Schema.Literal("corrispettivi", "esito", "z-report", "other")
export type FiscalFileKind = typeof FiscalFileKind.Type

/** A file of the device's fiscal archive: what `fiscalFiles` lists and `readFiscalFile` reads. */
export const FiscalFileRef = Schema.Struct({
  name: Schema.String,
  kind: FiscalFileKind,
  /** The fiscal day whose folder holds the file. */
  day: CalendarDate,
  /** The Z (daily closure number) the file belongs to, when its name says. */
  zNumber: Schema.optional(Schema.Int)
}).annotations({ identifier: "FiscalFileRef" })
export type FiscalFileRef = typeof FiscalFileRef.Type

/**
 * Whether an archive file goes to the corrispettivi archive: the signed corrispettivi, AdE's ESITO
 * and the device's XML events; Z report texts stay on the device.
 */
export const isAdeFile = (ref: Pick<FiscalFileRef, "kind" | "name">): boolean =>
  ref.kind === "corrispettivi" || ref.kind === "esito" || (ref.kind === "other" && ref.name.toLowerCase().endsWith(".xml"))

/**
 * Where the transmission of one Z's corrispettivi to AdE stands, as the device knows it: `queued`
 * (not sent yet), `sent` (AdE took it; `transmissionId` is its id) or `unknown-z` (the device has
 * no such Z). Whether AdE accepted it is in the ESITO file, not here.
 */
export const ZTransmissionStatus = Schema.Struct({
  state: Schema.Literal("queued", "sent", "unknown-z"),
  transmissionId: Schema.optional(Schema.String)
}).annotations({ identifier: "ZTransmissionStatus" })
export type ZTransmissionStatus = typeof ZTransmissionStatus.Type

/**
 * Capabilities a fiscal printer (RT printer or RT server) may have beyond status and identity.
 * `fiscal-archive`: `fiscalFiles` / `readFiscalFile`; `z-transmission`: `zTransmission`;
 * `cash-register`: `cashRegister`.
 */
export const FiscalPrinterCapabilities = ["sale", "refund", "void", "last-document", "x-report", "z-report", "fiscal-archive", "z-transmission", "cash-register"] as const
export type FiscalPrinterCapability = (typeof FiscalPrinterCapabilities)[number]

/**
 * The service an RT printer or RT server driver provides.
 *
 * Money and fiscal safety: when the reply to `printSale`, `printRefund` or `printVoid` is lost, the
 * driver must not print again blindly; it reads `lastDocument` and either returns the document that
 * was printed or prints once. If it still cannot tell, it fails with `OutcomeUnknown`.
 */
export interface FiscalPrinterShape {
  readonly status: Effect.Effect<StatusReading, DeviceError>
  readonly identify: Effect.Effect<DeviceIdentity, DeviceError>
  readonly printSale: (document: SaleDocument) => Effect.Effect<PrintedDocument, DeviceError>
  readonly printRefund: (reference: DocumentReference, document: SaleDocument) => Effect.Effect<PrintedDocument, DeviceError>
  readonly printVoid: (reference: DocumentReference) => Effect.Effect<PrintedDocument, DeviceError>
  /** The last fiscal document the device registered; `None` on a device that never printed one. */
  readonly lastDocument: Effect.Effect<Option.Option<PrintedDocument>, DeviceError>
  readonly xReport: Effect.Effect<void, DeviceError>
  /** Daily closure (Z report): closes the fiscal day and, on an RT, queues the corrispettivi for AdE. */
  readonly dailyClosure: Effect.Effect<ClosureResult, DeviceError>
  /** The files of fiscal day `day` in the device's archive (empty when it has none for that day). */
  readonly fiscalFiles: (day: CalendarDate) => Effect.Effect<ReadonlyArray<FiscalFileRef>, DeviceError>
  /** One archived file's content, byte for byte as the device serves it (decoded as UTF-8). */
  readonly readFiscalFile: (ref: FiscalFileRef) => Effect.Effect<string, DeviceError>
  /** Where Z `zNumber`'s transmission to AdE stands. */
  readonly zTransmission: (zNumber: number) => Effect.Effect<ZTransmissionStatus, DeviceError>
  /** Day state, Z number, daily counters and last document (the `cash-register` capability). */
  readonly cashRegister: Effect.Effect<CashRegisterReading, DeviceError>
}

export class FiscalPrinter extends Context.Tag("@fisco/core/FiscalPrinter")<FiscalPrinter, FiscalPrinterShape>() {}
