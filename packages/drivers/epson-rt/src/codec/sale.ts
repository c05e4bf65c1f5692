import { DeviceRejected, type DocumentReference, type Payment, type SaleDocument, type VatCode, formatDocumentNumber, vatKey } from "@fisco/core"
import { Either } from "effect"
import { lineAmount } from "./amounts.js"
import { toDdmmyyyy } from "./dates.js"
import { AdjustmentType, type ItemLine, MessageType, type ReceiptStep } from "./receipt.js"

/**
 * Department per VAT code, keyed by core's `vatKey` (`rate:2200`, `natura:N4`). Epson RTs price
 * items into departments whose VAT rate is programmed on the device; these defaults follow the
 * common factory set-up and can be overridden in the driver config.
 */
export const DEFAULT_DEPARTMENTS: Readonly<Record<string, number>> = {
  "rate:2200": 1,
  "rate:1000": 2,
  "rate:400": 3,
  "rate:500": 4,
  "natura:N4": 5,
  "natura:N2": 6,
  "natura:N3": 7,
  "natura:N1": 8
}

/** `paymentType` (native 1-084) and default `index` per core payment method; `Payment.index` overrides the index. */
export const PAYMENT_TYPES: Readonly<Record<Payment["method"], { readonly paymentType: number; readonly index: number; readonly description: string }>> = {
  cash: { paymentType: 0, index: 0, description: "CONTANTI" },
  cheque: { paymentType: 1, index: 0, description: "ASSEGNO" },
  card: { paymentType: 2, index: 1, description: "PAGAMENTO ELETTRONICO" },
  ticket: { paymentType: 3, index: 1, description: "TICKET" },
  credit: { paymentType: 5, index: 0, description: "NON RISCOSSO" },
  other: { paymentType: 0, index: 1, description: "ALTRO" }
}

/** A refund or void reference line: `REFUND zzzz nnnn ddmmyyyy MATRICOLA`. */
export const referenceMessage = (kind: "REFUND" | "VOID", reference: DocumentReference): string =>
  `${kind} ${formatDocumentNumber(reference.number).replace("-", " ")} ${toDdmmyyyy(reference.date)} ${reference.deviceSerial}`

const invalid = (path: string, message: string) => new DeviceRejected({ deviceCode: "INVALID_INPUT", reason: `${path}: ${message}` })

const CODICE_FISCALE = /^[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]$/
const PARTITA_IVA = /^\d{11}$/
const LOTTERY_CODE = /^[A-Za-z0-9]{8}$/

type Departments = Readonly<Record<string, number>>

const departmentOf = (vat: VatCode, departments: Departments, path: string): Either.Either<number, DeviceRejected> => {
  const key = vatKey(vat)
  const department = departments[key] ?? departments[vat._tag === "natura" ? `natura:${vat.code.slice(0, 2)}` : key]
  return department === undefined ? Either.left(invalid(path, `no department is configured for ${key}`)) : Either.right(department)
}

/** The document's total: what its lines amount to after line discounts. */
export const saleTotal = (sale: SaleDocument): number => sale.lines.reduce((sum, line) => sum + line.amount, 0)

/**
 * Item lines with their adjustments: the device prices quantity × unit price, so a line whose
 * amount differs (a line discount or surcharge) gets a `printRecItemAdjustment` for the difference.
 */
const itemSteps = (sale: SaleDocument, departments: Departments, kind: "item" | "refund"): Either.Either<Array<ReceiptStep>, DeviceRejected> =>
  Either.map(
    Either.all(sale.lines.map((line, i) => Either.map(departmentOf(line.vat, departments, `lines.${i}.vat`), (department) => ({ line, department })))),
    (lines) =>
      lines.flatMap(({ line, department }): Array<ReceiptStep> => {
        const priced = lineAmount(line.quantityMilli, line.unitPrice)
        const item: ItemLine = { description: line.description, quantityMilli: line.quantityMilli, unitPrice: line.unitPrice, department }
        if (kind === "refund") {
          // A refund line carries its final amount: a discounted line is refunded as one piece at its amount.
          return [{ step: "refund", ...(priced === line.amount ? item : { ...item, quantityMilli: 1000, unitPrice: line.amount }) }]
        }
        if (priced === line.amount) return [{ step: "item", ...item }]
        const discount = priced > line.amount
        return [
          { step: "item", ...item },
          {
            step: "item-adjustment",
            adjustmentType: discount ? AdjustmentType.discountLastItem : AdjustmentType.surchargeLastItem,
            description: discount ? "SCONTO" : "MAGGIORAZIONE",
            amount: Math.abs(priced - line.amount),
            department
          }
        ]
      })
  )

const checkSale = (sale: SaleDocument): Either.Either<void, DeviceRejected> => {
  const total = saleTotal(sale)
  const paid = sale.payments.reduce((sum, p) => sum + p.amount, 0)
  for (const [i, line] of sale.lines.entries()) {
    if (line.amount <= 0 || line.unitPrice <= 0) return Either.left(invalid(`lines.${i}.amount`, "must be positive"))
    if (line.description.trim() === "") return Either.left(invalid(`lines.${i}.description`, "must not be blank"))
  }
  for (const [i, payment] of sale.payments.entries()) {
    if (payment.amount <= 0) return Either.left(invalid(`payments.${i}.amount`, "must be positive"))
  }
  // A receipt paid short stays open on the printer (payment in progress): refuse it before sending.
  if (paid < total) return Either.left(invalid("payments", `cover ${paid} of a ${total} total`))
  const taxId = sale.customerTaxId?.toUpperCase()
  if (taxId !== undefined && !PARTITA_IVA.test(taxId) && !CODICE_FISCALE.test(taxId)) {
    return Either.left(invalid("customerTaxId", "must be an 11-digit partita IVA or a 16-character codice fiscale"))
  }
  if (sale.lotteryCode !== undefined && !LOTTERY_CODE.test(sale.lotteryCode)) return Either.left(invalid("lotteryCode", "must be 8 letters or digits"))
  return Either.void
}

const closingSteps = (sale: SaleDocument): Array<ReceiptStep> => [
  ...(sale.customerTaxId === undefined ? [] : [{ step: "customer-tax-id" as const, taxId: sale.customerTaxId.toUpperCase() }]),
  ...(sale.lotteryCode === undefined ? [] : [{ step: "lottery" as const, code: sale.lotteryCode }]),
  { step: "subtotal" },
  ...sale.payments.map((p): ReceiptStep => {
    const type = PAYMENT_TYPES[p.method]
    return { step: "total", description: type.description, amount: p.amount, paymentType: type.paymentType, index: p.index ?? type.index }
  }),
  { step: "end" }
]

/** The steps of a sale (documento commerciale di vendita). */
export const saleSteps = (sale: SaleDocument, departments: Departments = DEFAULT_DEPARTMENTS): Either.Either<ReadonlyArray<ReceiptStep>, DeviceRejected> =>
  Either.flatMap(checkSale(sale), () =>
    Either.map(itemSteps(sale, departments, "item"), (items): ReadonlyArray<ReceiptStep> => [{ step: "begin" }, ...items, ...closingSteps(sale)])
  )

/** The steps of a refund (reso) of the document `reference` points to: the reference line first. */
export const refundSteps = (
  reference: DocumentReference,
  sale: SaleDocument,
  departments: Departments = DEFAULT_DEPARTMENTS
): Either.Either<ReadonlyArray<ReceiptStep>, DeviceRejected> =>
  Either.flatMap(checkSale(sale), () =>
    Either.map(itemSteps(sale, departments, "refund"), (items): ReadonlyArray<ReceiptStep> => [
      { step: "message", messageType: MessageType.description, text: referenceMessage("REFUND", reference) },
      { step: "begin" },
      ...items,
      ...closingSteps(sale)
    ])
  )

/** The steps of a void (annullo) of the document `reference` points to: the device voids it whole. */
export const voidSteps = (reference: DocumentReference): ReadonlyArray<ReceiptStep> => [
  { step: "message", messageType: MessageType.description, text: referenceMessage("VOID", reference) },
  { step: "begin" },
  { step: "total", description: "ANNULLO", amount: 0, paymentType: 0, index: 0 },
  { step: "end" }
]
