import { Schema } from "effect"
import { CalendarDate, DeviceId, ReceiptId, TenantId, Timestamp } from "./ids.js"
import { Currency, MinorUnits } from "./money.js"
import { VatCode } from "./vat.js"

export const ReceiptKind = Schema.Literal("sale", "refund", "void")
export type ReceiptKind = typeof ReceiptKind.Type

/** How a payment was tendered; `index` distinguishes the device's configured sub-types (ticket brands…). */
export const Payment = Schema.Struct({
  method: Schema.Literal("cash", "card", "cheque", "ticket", "credit", "other"),
  index: Schema.optional(Schema.Int),
  amount: MinorUnits
}).annotations({ identifier: "Payment" })
export type Payment = typeof Payment.Type

export const ReceiptLine = Schema.Struct({
  description: Schema.String.pipe(Schema.minLength(1)),
  /** Quantity in thousandths (1 pc = 1000, 0.250 kg = 250), so weights stay integers. */
  quantityMilli: Schema.Int.pipe(Schema.positive()),
  /** Unit price in minor units, VAT included (what a retail receipt shows). */
  unitPrice: MinorUnits,
  /** Line amount in minor units after line discounts, VAT included. */
  amount: MinorUnits,
  vat: VatCode
}).annotations({ identifier: "ReceiptLine" })
export type ReceiptLine = typeof ReceiptLine.Type

/** Fiscal document number as RT devices print it: Z closure counter + document counter within the day (ZZZZ-NNNN). */
export const DocumentNumber = Schema.Struct({
  z: Schema.Int.pipe(Schema.between(0, 9999)),
  document: Schema.Int.pipe(Schema.between(0, 9999))
}).annotations({ identifier: "DocumentNumber" })
export type DocumentNumber = typeof DocumentNumber.Type
export const formatDocumentNumber = (n: DocumentNumber): string =>
  `${String(n.z).padStart(4, "0")}-${String(n.document).padStart(4, "0")}`

/**
 * A fiscal document registered by a device (a "documento commerciale" on an RT, a CF-e on a SAT).
 * Not the back office's receipt (`BackOfficeReceipt`), which becomes one of these when printed.
 */
export const Receipt = Schema.Struct({
  id: ReceiptId,
  tenantId: TenantId,
  livemode: Schema.Boolean,
  deviceId: DeviceId,
  kind: ReceiptKind,
  number: DocumentNumber,
  /** For refunds and voids: the document they reverse. */
  reference: Schema.optional(Schema.Struct({ number: DocumentNumber, date: CalendarDate, deviceSerial: Schema.String })),
  issuedAt: Timestamp,
  currency: Currency,
  lines: Schema.Array(ReceiptLine),
  payments: Schema.Array(Payment),
  total: MinorUnits
}).annotations({ identifier: "Receipt" })
export type Receipt = typeof Receipt.Type

/**
 * One VAT bucket of a day's totals, as an RT sends it to AdE in the corrispettivi: sales, returns
 * (resi) and voids (annulli) per rate or Natura. Whether `amount` is net or gross is settled by the
 * corrispettivi specification and documented where it is parsed.
 */
export const DailyVatTotal = Schema.Struct({
  vat: VatCode,
  amount: MinorUnits,
  tax: MinorUnits,
  returns: MinorUnits,
  voids: MinorUnits
}).annotations({ identifier: "DailyVatTotal" })
export type DailyVatTotal = typeof DailyVatTotal.Type

/** A device's totals for one fiscal day (the content of a Z closure). */
export const DailyTotals = Schema.Struct({
  deviceId: DeviceId,
  date: CalendarDate,
  zNumber: Schema.Int,
  currency: Currency,
  perVat: Schema.Array(DailyVatTotal),
  payments: Schema.Array(Payment)
}).annotations({ identifier: "DailyTotals" })
export type DailyTotals = typeof DailyTotals.Type
