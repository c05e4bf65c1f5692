import { type DocumentNumber, formatDocumentNumber } from "@fisco/core"

/** A document in the simulated TP-1's memory. */
export interface Tp1Document {
  readonly kind: "sale"
  readonly number: DocumentNumber
  readonly issuedAt: string
  readonly total: number
  readonly requestId: string
}

interface Tp1Closure {
  readonly z: number
  readonly date: string
  readonly total: number
  readonly requestId: string
}

export interface Tp1Reply {
  readonly line: string
  /** Whether the command changed the fiscal memory (a dropped reply only applies to these). */
  readonly committed: boolean
}

export const TP1_SERIAL = "AC0000001"
const REQUEST_ID = /^[A-Za-z0-9-]{1,64}$/
const AMOUNT = /^\d{1,12}$/

/** `1000:390,N4:50` → amounts, or undefined if any part is malformed. */
const parseAmounts = (text: string | undefined): ReadonlyArray<number> | undefined => {
  const parts = (text ?? "").split(",").map((pair) => pair.split(":"))
  if (parts.some((p) => p.length !== 2 || !AMOUNT.test(p[1]!))) return undefined
  return parts.map((p) => Number(p[1]))
}
const sum = (amounts: ReadonlyArray<number>) => amounts.reduce((a, b) => a + b, 0)

/** The TP-1's fiscal memory and line handling; pure, so the server only moves lines. */
export const createTp1Memory = (clock: () => Date = () => new Date()) => {
  let documents: Array<Tp1Document> = []
  let closures: Array<Tp1Closure> = []
  let counter = 0
  let dayTotal = 0

  const ok = (id: string, fields: string, committed = false): Tp1Reply => ({ line: `${id} OK ${fields}`.trimEnd(), committed })
  const err = (id: string, code: string, message: string): Tp1Reply => ({ line: `${id} ERR ${code} ${message}`, committed: false })
  const doc = (d: Tp1Document, withId: boolean) =>
    `DOC ${d.kind} ${formatDocumentNumber(d.number)} ${d.issuedAt} ${d.total}${withId ? ` ${d.requestId}` : ""}`
  const zLine = (c: Tp1Closure, withId: boolean) => `Z ${c.z} ${c.date} ${c.total}${withId ? ` ${c.requestId}` : ""}`

  const sale = (id: string, vatTotals: string | undefined, payments: string | undefined): Tp1Reply => {
    const amounts = parseAmounts(vatTotals)
    const paid = parseAmounts(payments)
    if (!amounts || !paid) return err(id, "SYNTAX", "SALE <vat>:<amount>,… <method>:<amount>,…")
    if (sum(amounts) <= 0 || sum(amounts) !== sum(paid)) return err(id, "TOTAL", `paid ${sum(paid)} of ${sum(amounts)}`)
    if (counter >= 9999) return err(id, "FULL", "Z report required")
    counter += 1
    dayTotal += sum(amounts)
    const document: Tp1Document = { kind: "sale", number: { z: closures.length + 1, document: counter }, issuedAt: clock().toISOString(), total: sum(amounts), requestId: id }
    documents.push(document)
    return ok(id, doc(document, false), true)
  }

  const closeDay = (id: string): Tp1Reply => {
    const closure = { z: closures.length + 1, date: clock().toISOString().slice(0, 10), total: dayTotal, requestId: id }
    closures.push(closure)
    counter = 0
    dayTotal = 0
    return ok(id, zLine(closure, false), true)
  }

  const handle = (line: string): Tp1Reply => {
    const [id = "", verb, ...args] = line.trim().split(/\s+/)
    if (!REQUEST_ID.test(id) || verb === undefined) return err(REQUEST_ID.test(id) ? id : "-", "SYNTAX", "<id> <VERB> [args]")
    switch (verb) {
      case "STATUS":
        return ok(id, `paper=ok cover=closed day=${counter > 0 ? "open" : "closed"} z=${closures.length + 1} doc=${counter}`)
      case "IDENT":
        return ok(id, `vendor=Acme model=TP-1 serial=${TP1_SERIAL} fw=2.4.1`)
      case "SALE":
        return sale(id, args[0], args[1])
      case "LAST":
        return ok(id, documents.length ? doc(documents.at(-1)!, true) : "NONE")
      case "ZREPORT":
        return closeDay(id)
      case "LASTZ":
        return ok(id, closures.length ? zLine(closures.at(-1)!, true) : "NONE")
      default:
        return err(id, "SYNTAX", `unknown verb ${verb}`)
    }
  }

  return {
    handle,
    documents: (): ReadonlyArray<Tp1Document> => [...documents],
    reset: () => {
      documents = []
      closures = []
      counter = 0
      dayTotal = 0
    }
  }
}
