import { fixed } from "./amounts.js"
import { ddmmyy, ddmmyyyy, fromIsoDate, hhmmss, localTime } from "./device-time.js"
import type { DocumentReference, FiscalMemory, StoredDocument } from "./fiscal-memory.js"
import { splitGross } from "./amounts.js"
import { NativeError, type Refusal, printerError } from "./refusal.js"
import { type StatusFacts, periodicVerificationString, rtStatusString } from "./status-codes.js"
import type { Totals } from "./totals.js"
import type { Transmissions } from "./transmissions.js"

/** What directIO handlers read from the device. */
export interface DirectIoContext {
  readonly matricola: string
  readonly memory: FiscalMemory
  readonly transmissions: Transmissions
  readonly facts: () => StatusFacts
  readonly timeZone: string
}

export type DirectIoResult = { readonly ok: true; readonly data: string } | { readonly ok: false; readonly refusal: Refusal }

const ok = (data: string): DirectIoResult => ({ ok: true, data })
const refused = (status: number, reason: string): DirectIoResult => ({ ok: false, refusal: printerError(status, reason) })
const signed = (value: number, width: number) => `${value < 0 ? "-" : "+"}${fixed(Math.abs(value), width)}`

/**
 * 1387: the last document the printer emitted, so a client that lost a reply can tell whether it
 * was printed. OP(2) total(9) VAT(9) date DDMMYY time HHMMSS Z(4) doc(4) serial(11) instant
 * lottery(1) lottery code(8) fiscal flag(1), then e-receipt UUID(40), PDF name(60) and spare(32).
 * All zeros (fiscal flag 0) before the first document.
 */
const lastDocument = (c: DirectIoContext, operator: string): DirectIoResult => {
  const last: StoredDocument | undefined = c.memory.lastDocument()
  const when = last ? localTime(new Date(last.issuedAt), c.timeZone) : undefined
  return ok(
    operator +
      fixed(last?.total ?? 0, 9) +
      fixed(last?.tax ?? 0, 9) +
      (when ? ddmmyy(when) + hhmmss(when) : "000000000000") +
      fixed(last?.number.z ?? 0, 4) +
      fixed(last?.number.document ?? 0, 4) +
      c.matricola.padEnd(11).slice(0, 11) +
      "0" +
      (last?.lotteryCode ?? "").padEnd(8) +
      (last ? "1" : "0") +
      " ".repeat(40 + 60 + 32)
  )
}

/**
 * 9217 ZZZZ: AdE transmission of a Z. First character 0 found (then ZZZZ, the Z date DDMMYYYY and
 * AdE's IdOperazione in [13..24], 12 digits), 1 out of range, 2 still queued, 3 not found.
 */
const zTransmission = (c: DirectIoContext, data: string): DirectIoResult => {
  if (!/^\d{4}$/.test(data.slice(0, 4))) return refused(NativeError.wrongValue, `9217 needs a 4-digit Z number, got ${JSON.stringify(data)}`)
  const z = Number(data.slice(0, 4))
  if (z < 1 || z >= c.memory.currentZ()) return ok(`1${data.slice(0, 4)}`)
  const t = c.transmissions.of(z)
  if (!t) return ok(`3${data.slice(0, 4)}`)
  if (t.state === "queued" || !t.id) return ok(`2${data.slice(0, 4)}`)
  const closure = c.memory.closures().find((k) => k.z === z)!
  return ok(`0${data.slice(0, 4)}${ddmmyyyy(fromIsoDate(closure.date))}${t.id.padStart(12, "0")}`)
}

/**
 * 9205: can the document be refunded (kind 1) or voided (kind 2)? Data kind(1) serial(11)
 * DDMMYYYY(8) doc(4) Z(4). Reply: one digit then the request echoed. 0 yes; 1 yes, it already
 * has partial refunds; 2 it was voided; 3 it was refunded; 4 not a document of this printer;
 * 5 it is itself a refund or void.
 */
const reversalEligibility = (c: DirectIoContext, data: string): DirectIoResult => {
  const m = /^([12])(.{11})(\d{2})(\d{2})(\d{4})(\d{4})(\d{4})$/.exec(data)
  if (!m) return refused(NativeError.wrongValue, `9205 data ${JSON.stringify(data)} is not kind+serial+DDMMYYYY+doc+Z`)
  const [, kind, serial, dd, mm, yyyy, doc, z] = m as unknown as [string, string, string, string, string, string, string, string]
  const reference: DocumentReference = { number: { z: Number(z), document: Number(doc) }, date: `${yyyy}-${mm}-${dd}`, matricola: serial.trim() }
  const check = c.memory.checkReversal(kind === "1" ? "refund" : "void", reference)
  const byStatus: Record<number, string> = {
    [NativeError.alreadyVoided]: "2",
    [NativeError.alreadyRefunded]: "3",
    [NativeError.missingData]: "4",
    [NativeError.referenceIsVoid]: "5",
    [NativeError.referenceIsRefund]: "5"
  }
  if ("status" in check) return ok(`${byStatus[check.status] ?? "4"}${data}`)
  const partiallyRefunded = c.memory.documents().some((d) => d.kind === "refund" && d.reference?.number.z === reference.number.z && d.reference.number.document === reference.number.document)
  return ok(`${partiallyRefunded ? "1" : "0"}${data}`)
}

/**
 * 2050 (day) / 2051 (periodic) counters, data TT+II, reply 24 characters TT II then two signed
 * 9-digit fields. VAT types 40 sales, 41 refunds, 42 voids, 43 net (II = VAT index, which is the
 * department number): taxable base and tax. Payments 13 cash, 17 cheques, 18 cards, 19 tickets
 * (II = payment index; 13 sums every cash index): count and amount. 24: documents in the day and
 * the last document number; 36 refunds and 37 voids: count and amount.
 */
const counters = (c: DirectIoContext, data: string, totals: Totals): DirectIoResult => {
  const m = /^(\d{2})(\d{2})/.exec(data)
  if (!m) return refused(NativeError.wrongValue, `2050/2051 data ${JSON.stringify(data)} is not TT+II`)
  const [, type, indexText] = m as unknown as [string, string, string]
  const index = Number(indexText)
  const pair = (a: number, b: number) => ok(`${type}${indexText}${signed(a, 9)}${signed(b, 9)}`)
  const vatType = { "40": "sales", "41": "returns", "42": "voids" } as const
  if (type in vatType || type === "43") {
    const vat = c.memory.vatOf(index)
    if (!vat) return refused(NativeError.unexpected, `VAT index ${index} is not programmed`)
    const t = totals.departments.get(index) ?? { sales: 0, returns: 0, voids: 0 }
    const gross = type === "43" ? t.sales - t.returns - t.voids : t[vatType[type as keyof typeof vatType]]
    const { net, tax } = "rate" in vat ? splitGross(gross, vat.rate) : { net: gross, tax: 0 }
    return pair(net, tax)
  }
  const paymentType = { "13": 0, "17": 1, "18": 2, "19": 3 }[type]
  if (paymentType !== undefined) {
    const matching = [...totals.payments.values()].filter((p) => p.type === paymentType && (type === "13" || p.index === index))
    return pair(matching.reduce((n, p) => n + p.count, 0), matching.reduce((s, p) => s + p.amount, 0))
  }
  if (type === "24") return pair(totals.sales.count + totals.refunds.count + totals.voids.count, c.memory.lastDocumentNumber())
  if (type === "36") return pair(totals.refunds.count, totals.refunds.amount)
  if (type === "37") return pair(totals.voids.count, totals.voids.amount)
  return refused(NativeError.unexpected, `counter type ${type} is not simulated`)
}

/** Runs one directIO `command` with `data`, outside a receipt. */
export const runDirectIo = (c: DirectIoContext, command: string, data: string): DirectIoResult => {
  const operator = data.slice(0, 2).padStart(2, "0")
  switch (command) {
    case "1138":
      return ok(rtStatusString(c.facts(), operator))
    case "1387":
      return lastDocument(c, operator)
    case "2050":
      return counters(c, data, c.memory.dayTotals())
    case "2051":
      return counters(c, data, c.memory.periodicTotals())
    case "3217":
      return ok(operator + c.matricola)
    case "4228":
      return ok(periodicVerificationString(c.facts().conditions))
    case "9205":
      return reversalEligibility(c, data)
    case "9217":
      return zTransmission(c, data)
    default:
      return refused(NativeError.unexpected, `directIO ${command} is not simulated`)
  }
}
