import type { Element } from "@xmldom/xmldom"
import { lineAmount, parseCents, parseMilli } from "./amounts.js"
import type { DocumentReference, DocumentRequest } from "./fiscal-memory.js"
import { NativeError, type Refusal, invalidCommand, printerError } from "./refusal.js"
import { childElements } from "./soap.js"
import { isCodiceFiscale, isPartitaIva } from "./tax-ids.js"
import type { PaymentEntry } from "./totals.js"

/** Text limits of the printer: item descriptions fit one 38-column line, messages 46 columns. */
export const DESCRIPTION_MAX = 38
export const MESSAGE_MAX = 46

export type ReceiptOutcome =
  | { readonly ok: true; readonly request: DocumentRequest }
  /** `printRecVoid` cancelled the receipt being printed: nothing is registered. */
  | { readonly ok: true; readonly cancelled: true }
  | { readonly ok: false; readonly refusal: Refusal }

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.reason)
  }
}
const fail = (status: number, reason: string): never => {
  throw new Refused(printerError(status, reason))
}

const REFERENCE = /^(REFUND|VOID)\s+(\d{4})\s+(\d{4})\s+(\d{2})(\d{2})(\d{4})\s+(\S{11})\s*$/

/** Reads the `REFUND zzzz nnnn ddmmyyyy MATRICOLA` / `VOID …` line of a refund or void. */
const parseReference = (message: string): { readonly kind: "refund" | "void"; readonly reference: DocumentReference } | undefined => {
  const m = REFERENCE.exec(message)
  if (!m) return undefined
  const [, kind, z, document, dd, mm, yyyy, matricola] = m as unknown as [string, string, string, string, string, string, string, string]
  return {
    kind: kind === "REFUND" ? "refund" : "void",
    reference: { number: { z: Number(z), document: Number(document) }, date: `${yyyy}-${mm}-${dd}`, matricola }
  }
}

const attr = (e: Element, name: string) => (e.hasAttribute(name) ? e.getAttribute(name)! : undefined)
const text = (e: Element, name: string, max: number, required = false) => {
  const value = attr(e, name)
  if (value === undefined) return required ? fail(NativeError.wrongValue, `${e.localName} needs ${name}`) : ""
  if (value.length > max) fail(NativeError.wrongValue, `${e.localName} ${name} is ${value.length} characters; the printer takes ${max}`)
  return value
}
const cents = (e: Element, name: string) => {
  const value = parseCents(attr(e, name))
  return value === undefined || value < 0 ? fail(NativeError.wrongValue, `${e.localName} ${name}=${JSON.stringify(attr(e, name))} is not an amount`) : value
}
const integer = (e: Element, name: string, fallback?: number) => {
  const raw = attr(e, name)
  if (raw === undefined && fallback !== undefined) return fallback
  return raw !== undefined && /^\s*\d{1,4}\s*$/.test(raw) ? Number(raw) : fail(NativeError.wrongValue, `${e.localName} ${name}=${JSON.stringify(raw)} is not a number`)
}
const quantity = (e: Element) => {
  const value = parseMilli(attr(e, "quantity") ?? "1")
  return value === undefined || value <= 0 ? fail(NativeError.wrongValue, `${e.localName} quantity=${JSON.stringify(attr(e, "quantity"))}`) : value
}

/** Spreads a subtotal adjustment over departments in proportion to their amounts (largest remainder). */
const spread = (amount: number, lines: ReadonlyArray<{ readonly department: number; readonly amount: number }>) => {
  const merged = new Map<number, number>()
  for (const l of lines) merged.set(l.department, (merged.get(l.department) ?? 0) + l.amount)
  const base = [...merged].filter(([, a]) => a > 0)
  const total = base.reduce((s, [, a]) => s + a, 0)
  if (total <= 0) return fail(NativeError.wrongValue, "a subtotal adjustment needs a positive subtotal")
  const shares = base.map(([department, a]) => ({ department, exact: (amount * a) / total }))
  const floors = shares.map((s) => ({ department: s.department, amount: Math.floor(s.exact), remainder: s.exact - Math.floor(s.exact) }))
  let left = amount - floors.reduce((s, f) => s + f.amount, 0)
  for (const f of [...floors].sort((a, b) => b.remainder - a.remainder)) {
    if (left <= 0) break
    f.amount += 1
    left -= 1
  }
  return floors.map(({ department, amount: a }) => ({ department, amount: a }))
}

/** directIO inside a receipt: 1060 P.IVA, 1061 codice fiscale, 1135 lottery code; others print nothing fiscal. */
const receiptDirectIo = (e: Element): { readonly customerTaxId?: string; readonly lotteryCode?: string } => {
  const command = attr(e, "command")
  const data = attr(e, "data") ?? ""
  if (command === "1060") {
    const id = data.slice(2).trim()
    return isPartitaIva(id) ? { customerTaxId: id } : fail(NativeError.checksum, `partita IVA ${id} fails its checksum`)
  }
  if (command === "1061") {
    const id = data.slice(2).trim().toUpperCase()
    return isCodiceFiscale(id) ? { customerTaxId: id } : fail(NativeError.checksum, `codice fiscale ${id} fails its checksum`)
  }
  if (command === "1135") return { lotteryCode: lottery(data.slice(2, 18).trim()) }
  return {}
}
const lottery = (code: string) => (/^[A-Za-z0-9]{8}$/.test(code) ? code : fail(NativeError.checksum, `lottery code ${JSON.stringify(code)} is not 8 letters or digits`))

const NO_EFFECT = new Set(["printRecSubtotal", "printBarCode", "printGraphicCoupon", "openDrawer", "displayText"])

/**
 * Interprets the sub-elements of a `printerFiscalReceipt` in order, as the printer executes them,
 * into one document request. Any refusal leaves nothing registered.
 */
export const interpretReceipt = (root: Element): ReceiptOutcome => {
  try {
    return interpret(childElements(root))
  } catch (error) {
    if (error instanceof Refused) return { ok: false, refusal: error.refusal }
    throw error
  }
}

const interpret = (elements: ReadonlyArray<Element>): ReceiptOutcome => {
  let kind: DocumentRequest["kind"] = "sale"
  let reference: DocumentReference | undefined
  let begun = false
  let ended = false
  let cancelled = false
  const lines: Array<{ department: number; amount: number }> = []
  const payments: Array<PaymentEntry> = []
  let paid = 0
  const extras: { customerTaxId?: string; lotteryCode?: string } = {}
  const total = () => lines.reduce((s, l) => s + l.amount, 0)
  const lastLine = () => lines.at(-1) ?? fail(NativeError.wrongSequence, "an adjustment of the last item needs an item")
  const inBody = (e: Element) => {
    if (!begun || ended) fail(NativeError.wrongSequence, `${e.localName} outside an open receipt`)
    if (payments.length > 0 && paid >= total()) fail(NativeError.wrongSequence, `${e.localName} after the receipt was paid`)
  }

  for (const e of elements) {
    if (cancelled && e.localName !== "endFiscalReceipt") continue
    switch (e.localName) {
      case "printRecMessage": {
        const message = text(e, "message", MESSAGE_MAX)
        const parsed = attr(e, "messageType") === "4" ? parseReference(message) : undefined
        if (parsed) {
          if (begun) fail(NativeError.wrongSequence, "the refund/void reference must come before beginFiscalReceipt")
          ;({ kind, reference } = parsed)
        } else if (/^(REFUND|VOID)\b/.test(message) && attr(e, "messageType") === "4") {
          fail(NativeError.wrongValue, `malformed reference line ${JSON.stringify(message)}`)
        }
        break
      }
      case "beginFiscalReceipt":
        if (begun) fail(NativeError.wrongSequence, "a receipt is already open")
        begun = true
        break
      case "printRecItem":
      case "printRecItemVoid": {
        inBody(e)
        if (kind !== "sale") fail(NativeError.wrongSequence, `${e.localName} in a ${kind} document`)
        text(e, "description", DESCRIPTION_MAX)
        const amount = lineAmount(quantity(e), cents(e, "unitPrice"))
        lines.push({ department: integer(e, "department", 1), amount: e.localName === "printRecItem" ? amount : -amount })
        break
      }
      case "printRecItemAdjustment": {
        inBody(e)
        text(e, "description", DESCRIPTION_MAX)
        const type = integer(e, "adjustmentType")
        const amount = cents(e, "amount")
        const sign = [0, 3].includes(type) ? -1 : [5, 8].includes(type) ? 1 : fail(NativeError.unexpected, `adjustmentType ${type} is not an item adjustment`)
        const department = [0, 5].includes(type) ? lastLine().department : integer(e, "department", 1)
        lines.push({ department, amount: sign * amount })
        break
      }
      case "printRecSubtotalAdjustment": {
        inBody(e)
        text(e, "description", DESCRIPTION_MAX)
        const type = integer(e, "adjustmentType")
        const sign = [1, 2].includes(type) ? -1 : [6, 7].includes(type) ? 1 : fail(NativeError.unexpected, `adjustmentType ${type} is not a subtotal adjustment`)
        for (const share of spread(cents(e, "amount"), lines)) lines.push({ department: share.department, amount: sign * share.amount })
        break
      }
      case "printRecRefund": {
        inBody(e)
        if (kind !== "refund") fail(NativeError.wrongSequence, "printRecRefund outside a refund document")
        text(e, "description", DESCRIPTION_MAX)
        const amount = attr(e, "amount") !== undefined ? cents(e, "amount") : lineAmount(quantity(e), cents(e, "unitPrice"))
        lines.push({ department: integer(e, "department", 1), amount })
        break
      }
      case "printRecVoid":
        if (!begun || ended) fail(NativeError.wrongSequence, "printRecVoid outside an open receipt")
        cancelled = true
        break
      case "printRecLotteryID":
        inBody(e)
        extras.lotteryCode = lottery(attr(e, "code") ?? "")
        break
      case "printRecTotal": {
        if (!begun || ended) fail(NativeError.wrongSequence, "printRecTotal outside an open receipt")
        text(e, "description", DESCRIPTION_MAX)
        const type = integer(e, "paymentType", 0)
        if (type > 6) fail(NativeError.unexpected, `paymentType ${type}`)
        if (kind === "sale" && payments.length > 0 && paid >= total()) fail(NativeError.wrongSequence, "the receipt is already paid")
        const stated = cents(e, "payment")
        // A zero payment settles whatever is still due, as on the printer's keyboard.
        const amount = stated === 0 ? Math.max(0, total() - paid) : stated
        payments.push({ type, index: integer(e, "index", 0), amount })
        paid += amount
        break
      }
      case "directIO":
        if (!begun || ended) fail(NativeError.wrongSequence, "directIO in a receipt must come after beginFiscalReceipt")
        Object.assign(extras, receiptDirectIo(e))
        break
      case "endFiscalReceipt":
        if (!begun || ended) fail(NativeError.wrongSequence, "endFiscalReceipt without an open receipt")
        ended = true
        break
      default:
        if (!NO_EFFECT.has(e.localName ?? "")) throw new Refused(invalidCommand(`${e.localName} is not a fiscal receipt command`))
    }
  }
  if (!begun || !ended) return { ok: false, refusal: { code: "INCOMPLETE FILE", status: 0, reason: "a fiscal receipt needs beginFiscalReceipt and endFiscalReceipt" } }
  if (cancelled) return { ok: true, cancelled: true }
  return {
    ok: true,
    request: {
      kind,
      ...(reference ? { reference } : {}),
      lines,
      // A refund or void with no tender stated is paid back in cash.
      payments: payments.length === 0 && kind !== "sale" ? [{ type: 0, index: 0, amount: total() }] : payments,
      ...extras
    }
  }
}
