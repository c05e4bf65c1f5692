import { Schema } from "effect"
import { AgentCommandId, CalendarDate, DeviceId, ReceiptId, SiteId, TenantId, Timestamp } from "./ids.js"
import { Currency, MinorUnits } from "./money.js"
import { DocumentNumber, Payment, ReceiptKind, ReceiptLine } from "./receipt.js"

/**
 * The back office's side of the Frontier (the boundary between a shop's back office, its till or
 * ERP, and Fisco): a receipt as the back office rang it up, in its own numbering (`documentId`),
 * for a device and a business day. It is not the device document: that is the fiscal document the
 * RT registers when the receipt is printed (`Receipt` / `PrintedDocument`, numbered ZZZZ-NNNN),
 * kept here under `print.document` once known.
 */

/** The back office's own id of a document (its till or ERP number), unique per tenant and mode. */
export const BackOfficeDocumentId = Schema.String.pipe(
  Schema.pattern(/^[\x21-\x7e]{1,100}$/, { message: () => "must be 1 to 100 printable characters without spaces" }),
  Schema.annotations({ description: "The back office's own document id", examples: ["POS1-2026-000042"] })
)
export type BackOfficeDocumentId = typeof BackOfficeDocumentId.Type

/**
 * Where printing a back-office receipt on its device stands. `unknown`: the command went out, the
 * reply was lost and the device could not be read back; only an operator may decide, so Fisco never
 * prints it again. `failed`: the device certainly printed nothing (refused, unreachable), so it may be retried.
 */
export const PrintState = Schema.Literal("not-printed", "printing", "printed", "unknown", "failed")
export type PrintState = typeof PrintState.Type

/** The device document a back-office receipt became when printed. */
export const DeviceDocument = Schema.Struct({
  deviceId: DeviceId,
  number: DocumentNumber,
  /** `number` as the device prints it, ZZZZ-NNNN. */
  formatted: Schema.String,
  issuedAt: Timestamp,
  total: MinorUnits
}).annotations({ identifier: "DeviceDocument" })
export type DeviceDocument = typeof DeviceDocument.Type

export const ReceiptPrint = Schema.Struct({
  state: PrintState,
  document: Schema.optional(DeviceDocument),
  /** Printing through the shop's agent: the command it was queued as (state `printing` until the agent reports). */
  agentCommandId: Schema.optional(AgentCommandId),
  /** Why the last attempt failed or is unknown: the device error's stable code and message. */
  error: Schema.optional(Schema.Struct({ code: Schema.String, message: Schema.String })),
  attemptedAt: Schema.optional(Timestamp)
}).annotations({ identifier: "ReceiptPrint" })
export type ReceiptPrint = typeof ReceiptPrint.Type

const text = (max: number) => Schema.String.pipe(Schema.minLength(1), Schema.maxLength(max))

/** A receipt as the back office posts it. Amounts are integer minor units, VAT included. */
export const BackOfficeReceiptInput = Schema.Struct({
  deviceId: DeviceId,
  documentId: BackOfficeDocumentId,
  /** The business day the back office books the receipt on (its quadratura day). */
  businessDay: CalendarDate,
  kind: Schema.optionalWith(ReceiptKind, { default: () => "sale" as const }),
  currency: Schema.optionalWith(Currency, { default: () => "EUR" }),
  lines: Schema.Array(ReceiptLine),
  payments: Schema.optionalWith(Schema.Array(Payment), { default: () => [] }),
  total: MinorUnits,
  /** Refunds and voids: the back-office document they reverse, posted earlier. */
  reference: Schema.optional(Schema.Struct({ documentId: BackOfficeDocumentId })),
  customerTaxId: Schema.optional(text(16)),
  lotteryCode: Schema.optional(text(8)),
  /** Print it now on this device (which must be the receipt's own). */
  print: Schema.optional(Schema.Struct({ deviceId: DeviceId }))
}).annotations({ identifier: "BackOfficeReceiptInput" })
export type BackOfficeReceiptInput = typeof BackOfficeReceiptInput.Type

export const BackOfficeReceipt = Schema.Struct({
  id: ReceiptId,
  tenantId: TenantId,
  livemode: Schema.Boolean,
  deviceId: DeviceId,
  /** The device's site at posting time, for filters and quadratura per shop. */
  siteId: SiteId,
  documentId: BackOfficeDocumentId,
  businessDay: CalendarDate,
  kind: ReceiptKind,
  currency: Currency,
  lines: Schema.Array(ReceiptLine),
  payments: Schema.Array(Payment),
  total: MinorUnits,
  reference: Schema.optional(Schema.Struct({ documentId: BackOfficeDocumentId, receiptId: ReceiptId })),
  customerTaxId: Schema.optional(Schema.String),
  lotteryCode: Schema.optional(Schema.String),
  print: ReceiptPrint,
  createdAt: Timestamp,
  updatedAt: Timestamp
}).annotations({ identifier: "BackOfficeReceipt" })
export type BackOfficeReceipt = typeof BackOfficeReceipt.Type

export const BackOfficeReceiptFilter = Schema.Struct({
  deviceId: Schema.optional(DeviceId),
  siteId: Schema.optional(SiteId),
  /** Business days from… to…, both included. */
  from: Schema.optional(CalendarDate),
  to: Schema.optional(CalendarDate),
  printState: Schema.optional(PrintState)
})
export type BackOfficeReceiptFilter = typeof BackOfficeReceiptFilter.Type

/**
 * What the back office booked on one device, day and VAT code: gross (VAT included) sales, refunds
 * (resi) and voids (annulli), in minor units. The store sums it from the posted receipts.
 */
export interface BackOfficeDailyVatTotal {
  readonly deviceId: DeviceId
  readonly day: CalendarDate
  /** `vatKey` of the VAT code. */
  readonly vatKey: string
  readonly sales: number
  readonly returns: number
  readonly voids: number
}
