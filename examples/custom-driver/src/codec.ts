import {
  ClosureResult,
  type Condition,
  DeviceBusy,
  type DeviceError,
  DeviceIdentity,
  DeviceProtocolError,
  DeviceRejected,
  PrintedDocument,
  type SaleDocument,
  type StatusReading,
  healthOf
} from "@fisco/core"
import { Either, ParseResult, Schema } from "effect"

/**
 * The Acme TP-1 line protocol, one request and one reply per line (see README.md):
 *
 *     → <id> SALE 1000:390,2200:100 cash:490
 *     ← <id> OK DOC sale 0003-0012 2026-11-24T10:15:00.000Z 490
 *     ← <id> ERR PAPER paper out
 *
 * Pure functions only: nothing here touches a socket, and nothing here throws.
 */
export type Verb = "STATUS" | "IDENT" | "SALE" | "LAST" | "ZREPORT" | "LASTZ"

export const encodeLine = (requestId: string, verb: Verb, args: ReadonlyArray<string> = []): string => [requestId, verb, ...args].join(" ")

const protocolError = (reason: string) => new DeviceProtocolError({ reason })

/** The TP-1 registers totals per VAT bucket, so lines are summed by rate (`2200`) or Natura code (`N4`). */
export const saleArgs = (sale: SaleDocument): ReadonlyArray<string> => {
  const byVat = new Map<string, number>()
  for (const line of sale.lines) {
    const key = line.vat._tag === "rate" ? String(line.vat.basisPoints) : line.vat.code
    byVat.set(key, (byVat.get(key) ?? 0) + line.amount)
  }
  const pairs = (entries: Iterable<readonly [string, number]>) => [...entries].map(([k, v]) => `${k}:${v}`).join(",")
  return [pairs(byVat), pairs(sale.payments.map((p) => [p.method, p.amount] as const))]
}

/** The fields after `OK`, or the typed error an `ERR` line or a garbled line stands for. */
export const parseReply = (line: string, requestId: string): Either.Either<ReadonlyArray<string>, DeviceError> => {
  const [id, status, ...rest] = line.trim().split(/\s+/)
  if (id !== requestId) return Either.left(protocolError(`reply ${JSON.stringify(line.slice(0, 80))} is not for request ${requestId}`))
  if (status === "OK") return Either.right(rest)
  if (status === "ERR") {
    const [code = "UNKNOWN", ...words] = rest
    const reason = words.join(" ") || code
    return Either.left(code === "BUSY" ? new DeviceBusy({ reason }) : new DeviceRejected({ deviceCode: code, reason }))
  }
  return Either.left(protocolError(`reply status ${JSON.stringify(status)} is neither OK nor ERR`))
}

const decode = <A, I>(schema: Schema.Schema<A, I>, value: unknown, what: string) =>
  Either.mapLeft(Schema.decodeUnknownEither(schema)(value), (e) => protocolError(`${what}: ${ParseResult.TreeFormatter.formatErrorSync(e)}`))

const integer = (text: string | undefined) => (text !== undefined && /^-?\d{1,15}$/.test(text) ? Number(text) : text)
const documentNumber = (text: string | undefined) => {
  const match = /^(\d{4})-(\d{4})$/.exec(text ?? "")
  return match ? { z: Number(match[1]), document: Number(match[2]) } : text
}

/** What a DOC or Z reply carries, with the request id the printer stored (on LAST / LASTZ). */
export interface Stored<A> {
  readonly value: A
  readonly requestId?: string
}
const stored = <A>(value: Either.Either<A, DeviceError>, requestId: string | undefined) =>
  Either.map(value, (v): Stored<A> => (requestId === undefined ? { value: v } : { value: v, requestId }))

/** `DOC <kind> <ZZZZ-NNNN> <issuedAt> <total> [<requestId>]`, or `NONE` (null). */
export const parseDocument = (fields: ReadonlyArray<string>): Either.Either<Stored<PrintedDocument> | null, DeviceError> => {
  if (fields[0] === "NONE") return Either.right(null)
  const [tag, kind, number, issuedAt, total, requestId] = fields
  if (tag !== "DOC") return Either.left(protocolError(`expected a DOC reply, got ${JSON.stringify(fields.join(" "))}`))
  return stored(decode(PrintedDocument, { kind, number: documentNumber(number), issuedAt, total: integer(total) }, "document"), requestId)
}

/** `Z <n> <date> <total> [<requestId>]`, or `NONE` (null). */
export const parseClosure = (fields: ReadonlyArray<string>): Either.Either<Stored<ClosureResult> | null, DeviceError> => {
  if (fields[0] === "NONE") return Either.right(null)
  const [tag, z, date, total, requestId] = fields
  if (tag !== "Z") return Either.left(protocolError(`expected a Z reply, got ${JSON.stringify(fields.join(" "))}`))
  return stored(decode(ClosureResult, { zNumber: integer(z), date, total: integer(total) }, "closure"), requestId)
}

const keyValues = (fields: ReadonlyArray<string>): Record<string, string> =>
  Object.fromEntries(fields.map((f) => f.split("=", 2)).filter((kv): kv is [string, string] => kv.length === 2))

export const parseIdentity = (fields: ReadonlyArray<string>): Either.Either<DeviceIdentity, DeviceError> => {
  const kv = keyValues(fields)
  return decode(DeviceIdentity, { vendor: kv["vendor"], model: kv["model"], serial: kv["serial"], firmware: kv["fw"] }, "identity")
}

const StatusFields = Schema.Struct({
  paper: Schema.Literal("ok", "low", "out"),
  cover: Schema.Literal("open", "closed"),
  day: Schema.Literal("open", "closed")
})

/** `paper=<ok|low|out> cover=<open|closed> day=<open|closed> …`; `line` is kept as the raw payload. */
export const parseStatus = (fields: ReadonlyArray<string>, line: string): Either.Either<StatusReading, DeviceError> =>
  Either.map(decode(StatusFields, keyValues(fields), "status"), (status) => {
    const conditions: Array<Condition> = []
    if (status.paper === "low") conditions.push({ code: "paper.near-end", severity: "warning", message: "paper is running out" })
    if (status.paper === "out") conditions.push({ code: "paper.end", severity: "critical", message: "paper has run out" })
    if (status.cover === "open") conditions.push({ code: "cover.open", severity: "critical", message: "cover is open" })
    return { health: healthOf(conditions), conditions, dayOpen: status.day === "open", raw: { format: "text", body: line } }
  })
