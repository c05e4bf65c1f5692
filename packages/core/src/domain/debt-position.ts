import { Schema } from "effect"
import { CalendarDate, DebtPositionId, TenantId, Timestamp } from "./ids.js"
import { Currency, MinorUnits } from "./money.js"

/**
 * pagoPA debt position (posizione debitoria): what a creditor body (ente creditore) is owed by a
 * debtor, split into one or more installments. Each installment is paid against its IUV (Identificativo
 * Univoco di Versamento), printed on the payment notice as an 18-digit notice number.
 */
export const DebtPositionStatus = Schema.Literal("draft", "published", "valid", "partially-paid", "paid", "expired", "invalid")
export type DebtPositionStatus = typeof DebtPositionStatus.Type

export const Debtor = Schema.Struct({
  /** F = natural person, G = legal person (pagoPA's entity types). */
  type: Schema.Literal("F", "G"),
  /** Codice fiscale or partita IVA. */
  fiscalCode: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(35)),
  name: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(70)),
  email: Schema.optional(Schema.String)
}).annotations({ identifier: "Debtor" })

export const Installment = Schema.Struct({
  iuv: Schema.String.pipe(Schema.pattern(/^[0-9A-Za-z]{15,35}$/)),
  noticeNumber: Schema.optional(Schema.String.pipe(Schema.pattern(/^\d{18}$/))),
  amount: MinorUnits,
  dueDate: CalendarDate,
  description: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(140)),
  status: Schema.Literal("unpaid", "paid", "reported", "expired")
}).annotations({ identifier: "Installment" })
export type Installment = typeof Installment.Type

export const DebtPosition = Schema.Struct({
  id: DebtPositionId,
  tenantId: TenantId,
  livemode: Schema.Boolean,
  /** The creditor's own id of the position (IUPD). */
  iupd: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(35)),
  debtor: Debtor,
  currency: Currency,
  installments: Schema.Array(Installment),
  status: DebtPositionStatus,
  createdAt: Timestamp,
  updatedAt: Timestamp
}).annotations({ identifier: "DebtPosition" })
export type DebtPosition = typeof DebtPosition.Type
