import { Schema } from "effect"
import { Timestamp } from "../domain/ids.js"
import { MinorUnits } from "../domain/money.js"
import { DocumentNumber, Payment } from "../domain/receipt.js"
import { VatCode } from "../domain/vat.js"

/** A taxable base and its tax, in minor units. */
const NetAndTax = Schema.Struct({ net: MinorUnits, tax: MinorUnits })
const CountAndAmount = Schema.Struct({ count: Schema.Int, amount: MinorUnits })

/**
 * A fiscal device's cash register (registratore di cassa) as it stands now: whether the fiscal
 * day is open, the Z number that will close it, the day's counters and totals the device keeps
 * (per VAT code and per payment method, where it offers them) and its last document. Read from
 * the device, never estimated: a device that cannot say answers `Unsupported`.
 */
export const CashRegisterReading = Schema.Struct({
  day: Schema.Struct({
    open: Schema.Boolean,
    /** A closure (Z) of an earlier day is still due before the device accepts documents. */
    pendingClosure: Schema.Boolean,
    /** When the open day started, when known (the first open reading Fisco recorded). */
    since: Schema.optional(Timestamp)
  }),
  /** The Z number that will close the current fiscal day. */
  zNumber: Schema.Int,
  /** Fiscal documents emitted in the day (sales, refunds and voids). */
  documents: Schema.Int,
  /** Per VAT code: the day's sales, refunds (resi) and voids (annulli), each as taxable base and tax. */
  perVat: Schema.Array(Schema.Struct({ vat: VatCode, sales: NetAndTax, returns: NetAndTax, voids: NetAndTax })),
  /** Per payment method: how many payments and how much. */
  payments: Schema.Array(Schema.Struct({ method: Payment.fields.method, count: Schema.Int, amount: MinorUnits })),
  refunds: CountAndAmount,
  voids: CountAndAmount,
  lastDocument: Schema.optional(
    Schema.Struct({ number: DocumentNumber, issuedAt: Timestamp, total: MinorUnits })
  )
}).annotations({ identifier: "CashRegisterReading" })
export type CashRegisterReading = typeof CashRegisterReading.Type
