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

/** Capabilities a fiscal printer (RT printer or RT server) may have beyond status and identity. */
export const FiscalPrinterCapabilities = ["sale", "refund", "void", "last-document", "x-report", "z-report", "cash-register"] as const
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
  /** The `cash-register` capability: day state, Z number, daily counters and last document. Absent on devices that lack it. */
  readonly cashRegister?: Effect.Effect<CashRegisterReading, DeviceError>
}

export class FiscalPrinter extends Context.Tag("@fisco/core/FiscalPrinter")<FiscalPrinter, FiscalPrinterShape>() {}
