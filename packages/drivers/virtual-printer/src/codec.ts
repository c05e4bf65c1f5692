import {
  type ClosureResult,
  type Condition,
  DeviceBusy,
  type DeviceError,
  type DeviceIdentity,
  DeviceProtocolError,
  DeviceRejected,
  type DocumentReference,
  type PrintedDocument,
  type SaleDocument,
  type StatusReading,
  type VatCode,
  healthOf
} from "@fisco/core"
import { Array as Arr, Either, ParseResult, Schema } from "effect"
import {
  CommandRequest,
  type CommandName,
  type IdentifyResult,
  ReplyEnvelope,
  type ResultOf,
  type StatusResult,
  type WireClosure,
  type WireDocument,
  type WireSale,
  type WireVat,
  resultSchemas
} from "./protocol.js"

/**
 * The driver's codec: pure functions between Fisco's domain types and the virtual printer's JSON.
 * Decoding never throws: anything the device sends that cannot be understood becomes a typed
 * `DeviceProtocolError`, a refusal becomes `DeviceRejected` (or `DeviceBusy`).
 */

export const encodeRequest = (request: CommandRequest): string => JSON.stringify(Schema.encodeSync(CommandRequest)(request))

const protocolError = (reason: string) => new DeviceProtocolError({ reason })
const issues = (error: ParseResult.ParseError) => ParseResult.TreeFormatter.formatErrorSync(error)

const parseJson = (body: string, httpStatus: number): Either.Either<unknown, DeviceProtocolError> => {
  try {
    return Either.right(JSON.parse(body) as unknown)
  } catch {
    const excerpt = body.length > 80 ? `${body.slice(0, 80)}…` : body
    return Either.left(protocolError(`HTTP ${httpStatus} reply is not JSON: ${JSON.stringify(excerpt)}`))
  }
}

const refusal = (code: string, message: string): DeviceError =>
  code === "BUSY" ? new DeviceBusy({ reason: message }) : new DeviceRejected({ deviceCode: code, reason: message })

/** Decodes the reply to `command` sent as `requestId`: its result, or the typed error it stands for. */
export const decodeReply = <C extends CommandName>(
  command: C,
  requestId: string,
  body: string,
  httpStatus = 200
): Either.Either<ResultOf<C>, DeviceError> =>
  Either.flatMap(parseJson(body, httpStatus), (json) => {
    const envelope = Schema.decodeUnknownEither(ReplyEnvelope)(json)
    if (Either.isLeft(envelope)) return Either.left(protocolError(`HTTP ${httpStatus} reply is not a reply envelope: ${issues(envelope.left)}`))
    const reply = envelope.right
    if (!reply.ok) return Either.left(refusal(reply.error.code, reply.error.message))
    if (reply.requestId !== requestId) {
      return Either.left(protocolError(`reply is for request ${JSON.stringify(reply.requestId)}, not ${JSON.stringify(requestId)}`))
    }
    const schema = resultSchemas[command] as unknown as Schema.Schema<ResultOf<C>, unknown>
    return Either.mapLeft(Schema.decodeUnknownEither(schema)(reply.result), (e) => protocolError(`${command} result: ${issues(e)}`))
  })

const toWireVat = (vat: VatCode): WireVat => (vat._tag === "rate" ? { rate: vat.basisPoints } : { natura: vat.code })

export const toWireSale = (sale: SaleDocument): WireSale => ({
  lines: Arr.map(sale.lines, (line) => ({ ...line, vat: toWireVat(line.vat) })),
  payments: sale.payments,
  ...(sale.customerTaxId === undefined ? {} : { customerTaxId: sale.customerTaxId }),
  ...(sale.lotteryCode === undefined ? {} : { lotteryCode: sale.lotteryCode })
})

export const toWireReference = (reference: DocumentReference) => ({
  number: reference.number,
  date: reference.date,
  matricola: reference.deviceSerial
})

export const toPrintedDocument = (document: WireDocument): PrintedDocument => ({
  kind: document.kind,
  number: document.number,
  issuedAt: document.issuedAt,
  total: document.total
})

export const toClosure = (closure: WireClosure): ClosureResult => ({ zNumber: closure.z, date: closure.date, total: closure.total })

export const toIdentity = (identity: typeof IdentifyResult.Type): DeviceIdentity => ({
  vendor: identity.vendor,
  model: identity.model,
  serial: identity.matricola,
  firmware: identity.firmware
})

/** Maps the printer's status flags onto Fisco's condition codes; `raw` is the reply as received. */
export const toStatusReading = (status: typeof StatusResult.Type, raw: string): StatusReading => {
  const conditions: Array<Condition> = []
  if (status.paper === "near-end") conditions.push({ code: "paper.near-end", severity: "warning", message: "paper is running out" })
  if (status.paper === "end") conditions.push({ code: "paper.end", severity: "critical", message: "paper has run out" })
  if (status.coverOpen) conditions.push({ code: "cover.open", severity: "critical", message: "printer cover is open" })
  return {
    health: healthOf(conditions),
    conditions,
    dayOpen: status.dayOpen,
    firmware: status.firmware,
    deviceTime: status.clock,
    raw: { format: "json", body: raw }
  }
}
