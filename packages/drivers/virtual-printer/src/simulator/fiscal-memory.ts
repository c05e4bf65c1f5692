import { type DocumentNumber, formatDocumentNumber } from "@fisco/core"
import type { CommandRequest, DeviceErrorCode, PaperLevel, WireClosure, WireDocument, WireSale, WireVat, WireVatTotal } from "../protocol.js"

/** Where a simulated printer starts (and returns to on reset). */
export interface InitialState {
  /** Z closures already done; the first document is numbered under Z `closures + 1`. */
  readonly closures?: number
  readonly paper?: PaperLevel
  readonly coverOpen?: boolean
}

/** A document as the simulated fiscal memory keeps it. */
export interface StoredDocument extends WireDocument {
  readonly date: string
  readonly perVat: ReadonlyArray<WireVatTotal>
  /** For refunds and voids: the sale they point back to. */
  readonly reference?: DocumentNumber
}

/** The device's answer before it is put on the wire: a result (protocol Type form) or a refusal. */
export type Answer = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly code: DeviceErrorCode; readonly message: string }

export interface FiscalSnapshot {
  readonly matricola: string
  readonly closures: number
  readonly documentCounter: number
  readonly dayOpen: boolean
  readonly paper: PaperLevel
  readonly coverOpen: boolean
  readonly documents: ReadonlyArray<StoredDocument>
  readonly closureHistory: ReadonlyArray<WireClosure>
}

export interface FiscalMemory {
  readonly execute: (request: CommandRequest) => Answer
  readonly setConditions: (conditions: { readonly paper?: PaperLevel; readonly coverOpen?: boolean }) => void
  readonly snapshot: () => FiscalSnapshot
  readonly reset: () => void
}

export const MODEL = "VP-1"
export const FIRMWARE = "1.0.0"

const refuse = (code: DeviceErrorCode, message: string): Answer => ({ ok: false, code, message })
const vatKey = (vat: WireVat) => ("rate" in vat ? `rate:${vat.rate}` : `natura:${vat.natura}`)
const sumOf = (amounts: ReadonlyArray<{ readonly amount: number }>) => amounts.reduce((sum, a) => sum + a.amount, 0)

/** Per-VAT gross amounts of a sale, all booked under one column (sales, returns or voids). */
const bucketsOf = (sale: WireSale, column: "sales" | "returns" | "voids"): ReadonlyArray<WireVatTotal> => {
  const byVat = new Map<string, WireVatTotal>()
  for (const line of sale.lines) {
    const key = vatKey(line.vat)
    const current = byVat.get(key) ?? { vat: line.vat, sales: 0, returns: 0, voids: 0 }
    byVat.set(key, { ...current, [column]: current[column] + line.amount })
  }
  return [...byVat.values()]
}

/**
 * The simulated printer's fiscal memory: a pure state machine (no I/O) that numbers documents
 * ZZZZ-NNNN, keeps per-VAT day totals in minor units, refunds and voids only documents it printed,
 * and on a Z closure increments Z and restarts document numbering.
 */
export const createFiscalMemory = (matricola: string, clock: () => Date, initial: InitialState = {}): FiscalMemory => {
  let closures = 0
  let counter = 0
  let dayOpen = false
  let paper: PaperLevel = "ok"
  let coverOpen = false
  let documents: Array<StoredDocument> = []
  let closureHistory: Array<WireClosure> = []
  let dayTotals = new Map<string, WireVatTotal>()

  const reset = () => {
    closures = initial.closures ?? 0
    counter = 0
    dayOpen = false
    paper = initial.paper ?? "ok"
    coverOpen = initial.coverOpen ?? false
    documents = []
    closureHistory = []
    dayTotals = new Map()
  }
  reset()

  const book = (buckets: ReadonlyArray<WireVatTotal>) => {
    for (const b of buckets) {
      const key = vatKey(b.vat)
      const current = dayTotals.get(key) ?? { vat: b.vat, sales: 0, returns: 0, voids: 0 }
      dayTotals.set(key, { vat: b.vat, sales: current.sales + b.sales, returns: current.returns + b.returns, voids: current.voids + b.voids })
    }
  }
  const dayTotal = () => [...dayTotals.values()].reduce((sum, t) => sum + t.sales - t.returns - t.voids, 0)
  const today = () => clock().toISOString().slice(0, 10)

  /** Paper and cover decide whether anything can be printed at all. */
  const cannotPrint = (): Answer | undefined =>
    paper === "end" ? refuse("PAPER_END", "paper has run out") : coverOpen ? refuse("COVER_OPEN", "printer cover is open") : undefined

  const register = (requestId: string, kind: StoredDocument["kind"], total: number, perVat: ReadonlyArray<WireVatTotal>, reference?: DocumentNumber): Answer => {
    if (counter >= 9999) return refuse("DOCUMENT_LIMIT", "9999 documents today: a daily closure is required")
    counter += 1
    dayOpen = true
    const issuedAt = clock().toISOString()
    const document: StoredDocument = {
      kind,
      number: { z: closures + 1, document: counter },
      issuedAt,
      date: issuedAt.slice(0, 10),
      total,
      requestId,
      perVat,
      ...(reference ? { reference } : {})
    }
    documents.push(document)
    book(perVat)
    return { ok: true, result: { document: wire(document) } }
  }

  const checkSale = (sale: WireSale): Answer | undefined => {
    const total = sumOf(sale.lines)
    if (total <= 0) return refuse("TOTAL_MISMATCH", "a document must total more than zero")
    if (sumOf(sale.payments) !== total) return refuse("TOTAL_MISMATCH", `payments total ${sumOf(sale.payments)}, lines total ${total}`)
    return undefined
  }

  /** The sale a refund or void points at; only documents this printer printed qualify. */
  const findSale = (reference: { readonly number: DocumentNumber; readonly date: string; readonly matricola: string }) => {
    if (reference.matricola !== matricola) return refuse("FOREIGN_DOCUMENT", `document of printer ${reference.matricola}; this is ${matricola}`)
    const sale = documents.find(
      (d) => d.kind === "sale" && d.date === reference.date && d.number.z === reference.number.z && d.number.document === reference.number.document
    )
    return sale ?? refuse("UNKNOWN_DOCUMENT", `no sale ${formatDocumentNumber(reference.number)} of ${reference.date} on this printer`)
  }
  const reversedBy = (sale: StoredDocument, kind: "refund" | "void") =>
    documents.filter((d) => d.kind === kind && d.reference?.z === sale.number.z && d.reference.document === sale.number.document)

  const closure = (requestId: string): Answer => {
    const result: WireClosure = { z: closures + 1, date: today(), total: dayTotal(), perVat: [...dayTotals.values()], requestId }
    closures += 1
    counter = 0
    dayOpen = false
    dayTotals = new Map()
    closureHistory.push(result)
    return { ok: true, result: { closure: result } }
  }

  const execute = (request: CommandRequest): Answer => {
    if (request.matricola !== undefined && request.matricola !== matricola) {
      return refuse("WRONG_DEVICE", `this is printer ${matricola}, not ${request.matricola}`)
    }
    switch (request.command) {
      case "status":
        return {
          ok: true,
          result: { matricola, model: MODEL, firmware: FIRMWARE, clock: clock().toISOString(), dayOpen, z: closures + 1, lastDocument: counter, paper, coverOpen }
        }
      case "identify":
        return { ok: true, result: { vendor: "Fisco", model: MODEL, matricola, firmware: FIRMWARE } }
      case "last-document": {
        const last = documents.at(-1)
        return { ok: true, result: { document: last ? wire(last) : null } }
      }
      case "last-closure":
        return { ok: true, result: { closure: closureHistory.at(-1) ?? null } }
      case "print-sale":
        return cannotPrint() ?? checkSale(request.sale) ?? register(request.requestId, "sale", sumOf(request.sale.lines), bucketsOf(request.sale, "sales"))
      case "print-refund": {
        const refused = cannotPrint() ?? checkSale(request.sale)
        if (refused) return refused
        const sale = findSale(request.reference)
        if ("ok" in sale) return sale
        if (reversedBy(sale, "void").length > 0) return refuse("ALREADY_VOIDED", `sale ${formatDocumentNumber(sale.number)} was voided`)
        const refunded = sumOf(reversedBy(sale, "refund").map((d) => ({ amount: d.total })))
        const total = sumOf(request.sale.lines)
        if (refunded + total > sale.total) return refuse("REFUND_EXCEEDS_SALE", `refunds would reach ${refunded + total} of a ${sale.total} sale`)
        return register(request.requestId, "refund", total, bucketsOf(request.sale, "returns"), sale.number)
      }
      case "print-void": {
        const refused = cannotPrint()
        if (refused) return refused
        const sale = findSale(request.reference)
        if ("ok" in sale) return sale
        if (reversedBy(sale, "void").length > 0) return refuse("ALREADY_VOIDED", `sale ${formatDocumentNumber(sale.number)} was already voided`)
        if (reversedBy(sale, "refund").length > 0) return refuse("ALREADY_REFUNDED", `sale ${formatDocumentNumber(sale.number)} has refunds`)
        const voids = sale.perVat.map((b) => ({ vat: b.vat, sales: 0, returns: 0, voids: b.sales }))
        return register(request.requestId, "void", sale.total, voids, sale.number)
      }
      case "x-report":
        return cannotPrint() ?? { ok: true, result: { report: { date: today(), total: dayTotal(), perVat: [...dayTotals.values()] } } }
      case "z-report":
        return cannotPrint() ?? closure(request.requestId)
    }
  }

  return {
    execute,
    reset,
    setConditions: (conditions) => {
      paper = conditions.paper ?? paper
      coverOpen = conditions.coverOpen ?? coverOpen
    },
    snapshot: () => ({ matricola, closures, documentCounter: counter, dayOpen, paper, coverOpen, documents: [...documents], closureHistory: [...closureHistory] })
  }
}

const wire = (document: StoredDocument): WireDocument => ({
  kind: document.kind,
  number: document.number,
  issuedAt: document.issuedAt,
  total: document.total,
  requestId: document.requestId
})
