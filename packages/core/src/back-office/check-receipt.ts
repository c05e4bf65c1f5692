import type { BackOfficeReceiptInput } from "../domain/back-office-receipt.js"
import type { VatCode } from "../domain/vat.js"
import { type Issue, InvalidInput } from "../errors.js"

/**
 * VAT rates an Italian RT accepts, in basis points: 4%, 5%, 10%, 22%. Anything else is taxed with
 * a Natura code (N1…N6), which the schema already checks.
 */
export const ITALIAN_VAT_RATES: ReadonlyArray<number> = [400, 500, 1000, 2200]

const vatIssue = (vat: VatCode, path: string): Issue | undefined =>
  vat._tag === "rate" && !ITALIAN_VAT_RATES.includes(vat.basisPoints)
    ? { path, message: `${vat.basisPoints / 100}% is not an Italian VAT rate (${ITALIAN_VAT_RATES.map((r) => `${r / 100}%`).join(", ")}), use a Natura code` }
    : vat._tag === "natura" && vat.code.startsWith("N7")
      ? { path, message: "N7 is not accepted on a documento commerciale" }
      : undefined

/**
 * Checks a back-office receipt the way a fiscal device would before printing it: at least one line,
 * each line's amount not negative and not above quantity × unit price, the lines summing to the
 * total, valid VAT codes, a positive total, and for a sale payments that cover it (more is change).
 * Refunds and voids must name the document they reverse; a sale must not.
 * Throws `InvalidInput` naming every offending field.
 */
export const checkBackOfficeReceipt = (input: BackOfficeReceiptInput): void => {
  const issues: Issue[] = []
  if (input.lines.length === 0) issues.push({ path: "lines", message: "must have at least one line" })
  input.lines.forEach((line, i) => {
    if (line.amount < 0) issues.push({ path: `lines.${i}.amount`, message: "must not be negative" })
    // quantityMilli × unitPrice / 1000 rounded half up is the undiscounted line amount.
    const full = Math.floor((line.quantityMilli * line.unitPrice + 500) / 1000)
    if (line.amount > full) issues.push({ path: `lines.${i}.amount`, message: `is more than quantity × unit price (${full})` })
    const vat = vatIssue(line.vat, `lines.${i}.vat`)
    if (vat) issues.push(vat)
  })
  const linesTotal = input.lines.reduce((sum, line) => sum + line.amount, 0)
  if (input.total <= 0) issues.push({ path: "total", message: "must be positive" })
  else if (linesTotal !== input.total) issues.push({ path: "total", message: `is ${input.total} but the lines sum to ${linesTotal}` })
  input.payments.forEach((payment, i) => {
    if (payment.amount <= 0) issues.push({ path: `payments.${i}.amount`, message: "must be positive" })
  })
  const paid = input.payments.reduce((sum, p) => sum + p.amount, 0)
  if (input.kind === "sale" && paid < input.total) issues.push({ path: "payments", message: `pay ${paid}, less than the total ${input.total}` })
  if (input.kind === "sale" && input.reference) issues.push({ path: "reference", message: "a sale reverses nothing" })
  if (input.kind !== "sale" && !input.reference) issues.push({ path: "reference", message: `a ${input.kind} must name the document it reverses` })
  if (input.print && input.print.deviceId !== input.deviceId) issues.push({ path: "print.deviceId", message: "must be the receipt's own deviceId" })
  if (issues.length > 0) throw new InvalidInput({ issues })
}

/**
 * The content that makes two posts of the same `documentId` the same receipt: everything the back
 * office sent except how to print it. Canonical JSON, so key order does not matter.
 */
export const receiptContentKey = (r: Omit<BackOfficeReceiptInput, "print" | "reference"> & { readonly reference?: { readonly documentId: string } }): string =>
  canonicalJson({
    deviceId: r.deviceId,
    documentId: r.documentId,
    businessDay: r.businessDay,
    kind: r.kind,
    currency: r.currency,
    lines: r.lines,
    payments: r.payments,
    total: r.total,
    reference: r.reference?.documentId ?? null,
    customerTaxId: r.customerTaxId ?? null,
    lotteryCode: r.lotteryCode ?? null
  })

const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`
  }
  return JSON.stringify(value)
}
