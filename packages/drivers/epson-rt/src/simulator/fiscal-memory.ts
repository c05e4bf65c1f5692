import { addDays, isoDate, isoDateTime, localTime } from "./device-time.js"
import { NativeError, type Refusal, offline, printerError } from "./refusal.js"
import { type Conditions, DEFAULT_DEPARTMENTS, type VatAssignment } from "./state.js"
import { type PaymentEntry, type Totals, book, emptyTotals, takings } from "./totals.js"

export type DocumentKind = "sale" | "refund" | "void"

export interface DocumentNumber {
  readonly z: number
  readonly document: number
}

/** The document a refund or void names in its `REFUND zzzz nnnn ddmmyyyy MATRICOLA` line. */
export interface DocumentReference {
  readonly number: DocumentNumber
  /** YYYY-MM-DD */
  readonly date: string
  readonly matricola: string
}

/** A fiscal document as the receipt commands describe it, before the printer registers it. */
export interface DocumentRequest {
  readonly kind: DocumentKind
  readonly reference?: DocumentReference
  /** Gross (VAT included) amounts per department in cents; discounts are negative. */
  readonly lines: ReadonlyArray<{ readonly department: number; readonly amount: number }>
  readonly payments: ReadonlyArray<PaymentEntry>
  readonly lotteryCode?: string
  readonly customerTaxId?: string
}

/** A document as the simulated fiscal memory keeps it (a superset of testkit's RegisteredDocument). */
export interface StoredDocument {
  readonly kind: DocumentKind
  readonly number: DocumentNumber
  /** UTC instant of issue. */
  readonly issuedAt: string
  /** Device-local date-time (no offset), as printed. */
  readonly localDateTime: string
  /** Device-local calendar date, YYYY-MM-DD: what a refund or void must quote. */
  readonly date: string
  readonly total: number
  readonly tax: number
  readonly departments: ReadonlyArray<{ readonly department: number; readonly amount: number }>
  readonly payments: ReadonlyArray<PaymentEntry>
  readonly reference?: DocumentReference
  readonly lotteryCode?: string
  readonly customerTaxId?: string
}

/** One daily closure, with the totals it closed. */
export interface Closure {
  readonly z: number
  readonly date: string
  readonly localDateTime: string
  readonly issuedAt: string
  readonly totals: Totals
  readonly total: number
  readonly documents: number
  /** Inactive days declared with this closure (PeriodoInattivo), YYYY-MM-DD inclusive. */
  readonly inactive?: { readonly from: string; readonly to: string }
}

export interface FiscalHistory {
  readonly closures?: number | undefined
  readonly lastClosureDate?: string | undefined
}

/** The subset of the device a fiscal memory needs to decide whether it can print. */
export interface PrintGate {
  readonly conditions: () => Conditions
}

export type Issued = { readonly ok: true; readonly document: StoredDocument } | { readonly ok: false; readonly refusal: Refusal }
export type Closed = { readonly ok: true; readonly closure: Closure } | { readonly ok: false; readonly refusal: Refusal }

const refuse = (refusal: Refusal) => ({ ok: false, refusal }) as const
const sumOf = (items: ReadonlyArray<{ readonly amount: number }>) => items.reduce((sum, i) => sum + i.amount, 0)
const showNumber = (n: DocumentNumber) => `${String(n.z).padStart(4, "0")}-${String(n.document).padStart(4, "0")}`

/** Per-department gross amounts of a document's lines, lines of one department merged. */
const byDepartment = (lines: DocumentRequest["lines"]) => {
  const merged = new Map<number, number>()
  for (const l of lines) merged.set(l.department, (merged.get(l.department) ?? 0) + l.amount)
  return [...merged].map(([department, amount]) => ({ department, amount }))
}

/** Payments as booked: the change given back comes off the cash tendered, last payment first. */
const withoutChange = (payments: ReadonlyArray<PaymentEntry>, total: number): ReadonlyArray<PaymentEntry> => {
  let change = sumOf(payments) - total
  return [...payments]
    .reverse()
    .map((p) => {
      if (p.type !== 0 || change <= 0) return p
      const kept = Math.max(0, p.amount - change)
      change -= p.amount - kept
      return { ...p, amount: kept }
    })
    .reverse()
}

/**
 * The simulated printer's fiscal memory: documents numbered ZZZZ-NNNN, day and periodic totals in
 * integer cents per department, refunds and voids only of documents it printed itself, and the
 * daily closure. Pure state; the HTTP side and the archive sit on top of it.
 */
export const createFiscalMemory = (
  matricola: string,
  clock: () => Date,
  timeZone: string,
  gate: PrintGate,
  initial: FiscalHistory,
  departments: Readonly<Record<string, VatAssignment>> = DEFAULT_DEPARTMENTS
) => {
  let closures = 0
  let counter = 0
  let openedOn: string | undefined
  let lastClosureDate: string | undefined
  let day: Totals = emptyTotals()
  let periodic: Totals = emptyTotals()
  let documents: Array<StoredDocument> = []
  let closureHistory: Array<Closure> = []

  const reset = () => {
    closures = initial.closures ?? 0
    counter = 0
    openedOn = undefined
    lastClosureDate = initial.lastClosureDate
    day = emptyTotals()
    periodic = emptyTotals()
    documents = []
    closureHistory = []
  }
  reset()

  const now = () => localTime(clock(), timeZone)
  const today = () => isoDate(now())
  const vatOf = (department: number): VatAssignment | undefined => departments[String(department)]
  const taxOf = (lines: StoredDocument["departments"]) =>
    lines.reduce((sum, l) => {
      const vat = vatOf(l.department)
      return sum + (vat && "rate" in vat ? Math.round((l.amount * vat.rate) / (10_000 + vat.rate)) : 0)
    }, 0)

  /** A Z from an earlier day is still due: the printer refuses documents until it is done. */
  const closurePending = () => openedOn !== undefined && openedOn < today()

  /** Paper, cover, mode, seals, memories and a pending Z decide whether a fiscal document can be printed. */
  const cannotIssue = (): Refusal | undefined => {
    const c = gate.conditions()
    if (c.paper === "end") return offline("paper has run out")
    if (c.coverOpen) return offline("the cover is open")
    if (c.caseOpen) return printerError(NativeError.notPossible, "the case was opened: the RT is out of service")
    if (c.mode !== "registration") return printerError(NativeError.notNow, `the printer is in ${c.mode} mode, not registration`)
    if (c.dgfe === "full") return printerError(NativeError.notPossible, "the electronic journal (DGFE) is full")
    if (c.fiscalMemory === "full") return printerError(NativeError.notPossible, "the fiscal memory is exhausted")
    if (closurePending()) return printerError(NativeError.notNow, `the fiscal day of ${openedOn} needs its daily closure first`)
    if (counter >= 9999) return printerError(NativeError.overLimit, "9999 documents in the day: a daily closure is required")
    return undefined
  }

  const findOwn = (reference: DocumentReference): StoredDocument | Refusal => {
    const found = documents.find(
      (d) => d.date === reference.date && d.number.z === reference.number.z && d.number.document === reference.number.document
    )
    if (reference.matricola !== matricola || !found) {
      return printerError(NativeError.missingData, `no document ${showNumber(reference.number)} of ${reference.date} printed by ${reference.matricola} on this printer (${matricola})`)
    }
    if (found.kind === "void") return printerError(NativeError.referenceIsVoid, `${showNumber(found.number)} is a void document`)
    if (found.kind === "refund") return printerError(NativeError.referenceIsRefund, `${showNumber(found.number)} is a refund document`)
    return found
  }
  const reversals = (sale: StoredDocument, kind: "refund" | "void") =>
    documents.filter((d) => d.kind === kind && d.reference?.number.z === sale.number.z && d.reference.number.document === sale.number.document)

  /** Whether a refund (of `amount`, if known) or a void of `reference` would be accepted; what directIO 9205 answers. */
  const checkReversal = (kind: "refund" | "void", reference: DocumentReference, amount?: number): { readonly sale: StoredDocument } | Refusal => {
    const sale = findOwn(reference)
    if ("status" in sale) return sale
    if (reversals(sale, "void").length > 0) return printerError(NativeError.alreadyVoided, `${showNumber(sale.number)} was voided`)
    const refunded = sumOf(reversals(sale, "refund").map((d) => ({ amount: d.total })))
    if (kind === "void" && refunded > 0) return printerError(NativeError.alreadyRefunded, `${showNumber(sale.number)} has refunds`)
    if (kind === "refund" && refunded >= sale.total) return printerError(NativeError.alreadyRefunded, `${showNumber(sale.number)} is fully refunded`)
    if (kind === "refund" && amount !== undefined && refunded + amount > sale.total) {
      return printerError(NativeError.overValue, `refunds would reach ${refunded + amount} cents of a ${sale.total} cents sale`)
    }
    return { sale }
  }

  const register = (request: DocumentRequest, lines: StoredDocument["departments"], total: number): StoredDocument => {
    counter += 1
    const instant = clock()
    const local = localTime(instant, timeZone)
    openedOn ??= isoDate(local)
    const document: StoredDocument = {
      kind: request.kind,
      number: { z: closures + 1, document: counter },
      issuedAt: instant.toISOString(),
      localDateTime: isoDateTime(local),
      date: isoDate(local),
      total,
      tax: taxOf(lines),
      departments: lines,
      payments: request.payments,
      ...(request.reference ? { reference: request.reference } : {}),
      ...(request.lotteryCode ? { lotteryCode: request.lotteryCode } : {}),
      ...(request.customerTaxId ? { customerTaxId: request.customerTaxId } : {})
    }
    const column = request.kind === "sale" ? "sales" : request.kind === "refund" ? "returns" : "voids"
    day = book(day, column, total, lines, request.kind === "sale" ? request.payments : [])
    periodic = book(periodic, column, total, lines, request.kind === "sale" ? request.payments : [])
    documents.push(document)
    return document
  }

  /** Checks payments against the total: cash may exceed it (change), other tenders may not. */
  const checkPayments = (request: DocumentRequest, total: number): Refusal | undefined => {
    const paid = sumOf(request.payments)
    if (paid < total) return printerError(NativeError.wrongSequence, `paid ${paid} cents of ${total}: the document cannot be closed`)
    const nonCash = sumOf(request.payments.filter((p) => p.type !== 0))
    if (nonCash > total) return printerError(NativeError.overValue, `non-cash payments of ${nonCash} cents exceed the ${total} cents total`)
    return undefined
  }

  const issue = (request: DocumentRequest): Issued => {
    const blocked = cannotIssue()
    if (blocked) return refuse(blocked)
    const unknown = request.lines.find((l) => !vatOf(l.department))
    if (unknown) return refuse(printerError(NativeError.unexpected, `department ${unknown.department} is not programmed`))
    const lines = byDepartment(request.lines)
    if (lines.some((l) => l.amount < 0)) return refuse(printerError(NativeError.wrongValue, "a department would go negative"))
    if (request.kind === "void") {
      const checked = request.reference ? checkReversal("void", request.reference) : printerError(NativeError.wrongSequence, "a void needs its reference line")
      if ("status" in checked) return refuse(checked)
      return { ok: true, document: register(request, checked.sale.departments, checked.sale.total) }
    }
    const total = sumOf(lines)
    if (total <= 0) return refuse(printerError(NativeError.wrongValue, "a document must total more than zero"))
    if (request.kind === "refund") {
      const checked = request.reference ? checkReversal("refund", request.reference, total) : printerError(NativeError.wrongSequence, "a refund needs its reference line")
      if ("status" in checked) return refuse(checked)
      return { ok: true, document: register(request, lines, total) }
    }
    const unpaid = checkPayments(request, total)
    if (unpaid) return refuse(unpaid)
    return { ok: true, document: register({ ...request, payments: withoutChange(request.payments, total) }, lines, total) }
  }

  /** Days with no closure between the previous Z and the day this one closes, if any. */
  const inactivity = (closingDay: string) => {
    if (!lastClosureDate) return undefined
    const from = addDays(lastClosureDate, 1)
    const to = addDays(openedOn ?? closingDay, -1)
    return from <= to ? { from, to } : undefined
  }

  const closeDay = (): Closed => {
    const c = gate.conditions()
    if (c.paper === "end") return refuse(offline("paper has run out"))
    if (c.coverOpen) return refuse(offline("the cover is open"))
    if (c.mode === "set") return refuse(printerError(NativeError.notNow, "the printer is in SET (programming) mode"))
    const instant = clock()
    const local = localTime(instant, timeZone)
    const inactive = inactivity(isoDate(local))
    const closure: Closure = {
      z: closures + 1,
      date: isoDate(local),
      localDateTime: isoDateTime(local),
      issuedAt: instant.toISOString(),
      totals: day,
      total: takings(day),
      documents: counter,
      ...(inactive ? { inactive } : {})
    }
    closures += 1
    counter = 0
    openedOn = undefined
    lastClosureDate = closure.date
    day = emptyTotals()
    closureHistory.push(closure)
    return { ok: true, closure }
  }

  return {
    matricola,
    departments,
    vatOf,
    issue,
    closeDay,
    checkReversal,
    cannotIssue,
    closurePending,
    reset,
    /** The Z number the open (or next) fiscal day will close with. */
    currentZ: () => closures + 1,
    lastDocumentNumber: () => counter,
    dayOpen: () => openedOn !== undefined,
    dayTotals: () => day,
    periodicTotals: () => periodic,
    documents: (): ReadonlyArray<StoredDocument> => [...documents],
    closures: (): ReadonlyArray<Closure> => [...closureHistory],
    lastDocument: () => documents.at(-1)
  }
}

export type FiscalMemory = ReturnType<typeof createFiscalMemory>
