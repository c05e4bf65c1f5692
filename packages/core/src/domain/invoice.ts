import { Schema } from "effect"
import { CalendarDate, InvoiceId, TenantId, Timestamp } from "./ids.js"
import { Currency, MinorUnits } from "./money.js"
import { VatCode } from "./vat.js"

/**
 * An electronic invoice (FatturaPA) exchanged through SDI, the Italian exchange system: issued by a
 * tenant (ISP billing) or received by it (PCC payables).
 */
export const Party = Schema.Struct({
  name: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)),
  /** Partita IVA with country prefix, e.g. IT01234567890. */
  vatNumber: Schema.optional(Schema.String.pipe(Schema.pattern(/^[A-Z]{2}[0-9A-Za-z]{1,28}$/))),
  fiscalCode: Schema.optional(Schema.String.pipe(Schema.maxLength(16)))
}).annotations({ identifier: "Party" })

export const InvoiceLine = Schema.Struct({
  description: Schema.String.pipe(Schema.minLength(1)),
  quantityMilli: Schema.Int,
  /** Unit price net of VAT, in minor units (FatturaPA prices are net). */
  unitPrice: MinorUnits,
  amount: MinorUnits,
  vat: VatCode
}).annotations({ identifier: "InvoiceLine" })

export const SdiStatus = Schema.Literal("draft", "sent", "delivered", "not-delivered", "rejected", "accepted", "refused", "expired")

export const Invoice = Schema.Struct({
  id: InvoiceId,
  tenantId: TenantId,
  livemode: Schema.Boolean,
  direction: Schema.Literal("issued", "received"),
  /** TipoDocumento: TD01 invoice, TD04 credit note… */
  documentType: Schema.String.pipe(Schema.pattern(/^TD\d{2}$/)),
  number: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(20)),
  date: CalendarDate,
  supplier: Party,
  customer: Party,
  currency: Currency,
  lines: Schema.Array(InvoiceLine),
  taxable: MinorUnits,
  tax: MinorUnits,
  total: MinorUnits,
  sdi: Schema.Struct({ status: SdiStatus, identifier: Schema.optional(Schema.String) }),
  createdAt: Timestamp,
  updatedAt: Timestamp
}).annotations({ identifier: "Invoice" })
export type Invoice = typeof Invoice.Type
