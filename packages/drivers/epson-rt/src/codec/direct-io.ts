import { type CalendarDate, DeviceProtocolError, type DocumentReference, type DocumentNumber } from "@fisco/core"
import { Either } from "effect"
import { fromDdmmyy, toDdmmyyyy } from "./dates.js"
import type { RtStateCommon } from "./printer-status.js"

/**
 * The directIO commands the driver uses and decoders for their `responseData` strings (fixed-width
 * fields, research rt-ade.md §1.5). Each decoder returns a typed result or a `DeviceProtocolError`.
 */
export const DirectIO = {
  rtStatus: 1138,
  zTransmission: 9217,
  lastDocument: 1387,
  periodicVerification: 4228,
  dailyCounters: 2050,
  periodicCounters: 2051,
  serialNumber: 3217,
  refundVoidCheck: 9205
} as const

const fail = (command: number, reason: string) => Either.left(new DeviceProtocolError({ reason: `directIO ${command}: ${reason}` }))
const digits = (text: string): number | undefined => (/^\s*\d+\s*$/.test(text) ? Number(text) : undefined)

export type RtType = "I" | "E" | "P" | "M" | "S"
/** `rtType` letters: internal/fixed shop, external (market, seasonal), palmtop, converted fiscal meter, RT Server. */
export const RT_TYPES: Readonly<Record<RtType, string>> = {
  I: "RT printer (fixed shop)",
  E: "RT printer (itinerant)",
  P: "RT palmtop",
  M: "fiscal meter converted to RT",
  S: "RT Server"
}

/** directIO 1138: the RT state in one string. */
export interface RtStatus extends RtStateCommon {
  readonly firmwareBuild: string
  /** DGFE file-system state character (beyond 30 characters; absent on short answers). */
  readonly dgfeFileSystem?: string
  readonly trainingMode?: boolean
  readonly lastUpgradeResult?: string
  readonly archivedRejectedFiles?: number
  readonly outOfService?: boolean
  readonly certificateRestore?: string
}

const at = (data: string, from: number, to: number): string | undefined => (data.length >= to ? data.slice(from, to) : undefined)

export const decodeRtStatus = (data: string): Either.Either<RtStatus, DeviceProtocolError> => {
  if (data.length < 30) return fail(DirectIO.rtStatus, `answer of ${data.length} characters: not an RT`)
  const counts = [digits(data.slice(9, 13)), digits(data.slice(13, 17)), digits(data.slice(17, 21))]
  if (counts.some((n) => n === undefined) || !/^[01]{2}$/.test(data.slice(7, 9))) return fail(DirectIO.rtStatus, `malformed answer ${JSON.stringify(data)}`)
  const flag = (i: number) => (data.length > i ? data[i] === "1" : undefined)
  const archived = at(data, 40, 44)
  const optional = {
    dgfeFileSystem: at(data, 37, 38),
    trainingMode: flag(38),
    lastUpgradeResult: at(data, 39, 40),
    archivedRejectedFiles: archived === undefined ? undefined : digits(archived),
    outOfService: flag(44),
    certificateRestore: at(data, 45, 46),
    certificateExpiryCD: fromDdmmyy(data.slice(21, 27)),
    certificateExpiryCA: at(data, 27, 33) === undefined ? undefined : fromDdmmyy(data.slice(27, 33))
  }
  return Either.right({
    rtType: data[2]!,
    mainStatus: data.slice(3, 5),
    subStatus: data.slice(5, 7),
    dayOpen: data[7] === "1",
    pendingClosure: data[8] === "1",
    filesToSend: counts[0]!,
    oldFilesToSend: counts[1]!,
    filesRejected: counts[2]!,
    firmwareBuild: (at(data, 33, 37) ?? "").trim(),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined))
  })
}

/** directIO 9217: whether Z `zNumber` exists and what became of its transmission to AdE. */
export type ZTransmission =
  | { readonly state: "sent"; readonly id: string }
  | { readonly state: "queued" }
  | { readonly state: "out-of-range" }
  | { readonly state: "not-found" }

export const zTransmissionData = (zNumber: number): string => String(zNumber).padStart(4, "0")

export const decodeZTransmission = (data: string): Either.Either<ZTransmission, DeviceProtocolError> => {
  switch (data[0]) {
    case "0": {
      const id = data.slice(13, 25).trim()
      return id === "" ? fail(DirectIO.zTransmission, "Z found but the answer carries no transmission id") : Either.right({ state: "sent", id })
    }
    case "1":
      return Either.right({ state: "out-of-range" })
    case "2":
      return Either.right({ state: "queued" })
    case "3":
      return Either.right({ state: "not-found" })
    default:
      return fail(DirectIO.zTransmission, `unknown answer ${JSON.stringify(data)}`)
  }
}

/** directIO 1387: the last document the device emitted (amounts in cents). */
export interface LastDocumentRecord {
  readonly total: number
  readonly vat: number
  readonly date: CalendarDate
  /** `hh:mm:ss`, device wall clock. */
  readonly time: string
  readonly number: DocumentNumber
  readonly serial: string
  readonly lotteryCode?: string
  readonly fiscal: boolean
}

/** OP(2) total(9) VAT(9) DDMMYY HHMMSS Z(4) doc(4) serial(11) lottery flag(1) code(8) fiscal(1)… */
export const decodeLastDocument = (data: string): Either.Either<LastDocumentRecord, DeviceProtocolError> => {
  if (data.length < 61) return fail(DirectIO.lastDocument, `answer of ${data.length} characters, expected at least 61`)
  const [total, vat, z, document] = [digits(data.slice(2, 11)), digits(data.slice(11, 20)), digits(data.slice(32, 36)), digits(data.slice(36, 40))]
  const time = data.slice(26, 32)
  if (total === undefined || vat === undefined || z === undefined || document === undefined || !/^([01]\d|2[0-3])[0-5]\d[0-5]\d$/.test(time)) {
    return fail(DirectIO.lastDocument, `malformed answer ${JSON.stringify(data)}`)
  }
  const date = fromDdmmyy(data.slice(20, 26))
  if (date === undefined) return fail(DirectIO.lastDocument, `bad date ${JSON.stringify(data.slice(20, 26))}`)
  const lottery = data[51] === "1" ? data.slice(52, 60).trim() : ""
  return Either.right({
    total,
    vat,
    date,
    time: `${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}`,
    number: { z, document },
    serial: data.slice(40, 51).trim(),
    ...(lottery === "" ? {} : { lotteryCode: lottery }),
    fiscal: data[60] === "1"
  })
}

/** A device that never printed answers 1387 with zeros: no document number. */
export const isNoDocument = (record: LastDocumentRecord): boolean => record.number.document === 0

/**
 * directIO 4228: periodic verification (verificazione periodica) due date. Answers seen as `DDMMYY`
 * alone or after the two-character operator echo; `000000` means no date is set.
 */
export const decodePeriodicVerification = (data: string): Either.Either<{ readonly dueDate?: CalendarDate }, DeviceProtocolError> => {
  const text = data.trim()
  const field = text.length === 6 ? text : text.slice(2, 8)
  if (!/^\d{6}$/.test(field)) return fail(DirectIO.periodicVerification, `malformed answer ${JSON.stringify(data)}`)
  const dueDate = fromDdmmyy(field)
  if (dueDate === undefined && field !== "000000") return fail(DirectIO.periodicVerification, `bad date ${JSON.stringify(field)}`)
  return Either.right(dueDate === undefined ? {} : { dueDate })
}

/** directIO 3217: the matricola, maker(2) + type(1) + model(2) + progressive(6), wherever it sits in the answer. */
export const decodeSerialNumber = (data: string): Either.Either<string, DeviceProtocolError> => {
  const m = /(\d{2}[A-Z][A-Z0-9]{2}\d{6})/.exec(data.toUpperCase())
  return m ? Either.right(m[1]!) : fail(DirectIO.serialNumber, `no matricola in ${JSON.stringify(data)}`)
}

/**
 * directIO 2050 (daily) / 2051 (periodic) counters and totalisers, asked as type(2) + index(2)
 * (`4001` VAT sales of VAT index 1, `1300` cash payments, `2700`…), answered as the echoed type and
 * index followed by 9-digit values, each optionally signed. The meaning of the values per type
 * (count, amount, taxable, tax) is in Epson's protocol manual, so the decoder keeps them positional.
 */
export interface CounterReading {
  readonly type: number
  readonly index: number
  readonly values: ReadonlyArray<number>
}

export const counterData = (type: number, index = 0): string => `${String(type).padStart(2, "0")}${String(index).padStart(2, "0")}`

export const decodeCounters = (command: number, data: string): Either.Either<CounterReading, DeviceProtocolError> => {
  const m = /^(\d{2})(\d{2})((?:[+-]?\d{9})+)\s*$/.exec(data)
  if (!m) return fail(command, `malformed answer ${JSON.stringify(data)}`)
  return Either.right({ type: Number(m[1]), index: Number(m[2]), values: m[3]!.match(/[+-]?\d{9}/g)!.map(Number) })
}

/** directIO 9205 request data: 1 refund / 2 void + matricola(11) + DDMMYYYY + document(4) + Z(4). */
export const refundVoidCheckData = (kind: "refund" | "void", reference: DocumentReference): string =>
  `${kind === "refund" ? 1 : 2}${reference.deviceSerial.padEnd(11, " ").slice(0, 11)}${toDdmmyyyy(reference.date)}${String(reference.number.document).padStart(4, "0")}${String(reference.number.z).padStart(4, "0")}`

/**
 * directIO 9205 answer: a verdict digit, then the request echoed. 0 refundable or voidable, 1 yes
 * (already partly refunded); 2 voided, 3 refunded, 4 not a document of this device, 5 itself a
 * refund or void. An empty answer (firmware that only refuses through `status`) means yes.
 */
export type RefundVoidVerdict = { readonly eligible: true } | { readonly eligible: false; readonly deviceCode: string; readonly reason: string }

const REFUSED_REFERENCES: Readonly<Record<string, { readonly deviceCode: string; readonly reason: string }>> = {
  "2": { deviceCode: "39", reason: "document already voided" },
  "3": { deviceCode: "40", reason: "document already refunded" },
  "4": { deviceCode: "41", reason: "not a document of this device" },
  "5": { deviceCode: "42", reason: "the reference is itself a refund or void" }
}

export const decodeRefundVoidCheck = (data: string): Either.Either<RefundVoidVerdict, DeviceProtocolError> => {
  const verdict = data.trim()[0]
  if (verdict === undefined || verdict === "0" || verdict === "1") return Either.right({ eligible: true })
  const refused = REFUSED_REFERENCES[verdict]
  return refused ? Either.right({ eligible: false, ...refused }) : fail(DirectIO.refundVoidCheck, `unknown verdict ${JSON.stringify(data)}`)
}
