import { type CalendarDate, type ClosureResult, DeviceProtocolError, type PrintedDocument } from "@fisco/core"
import { Either } from "effect"
import { parseAmount } from "./amounts.js"
import { DEVICE_TIME_ZONE, deviceTimestamp, fromSlashed } from "./dates.js"
import type { FpmateReply } from "./xml.js"

const protocolError = (reason: string) => new DeviceProtocolError({ reason })
type Info = Readonly<Record<string, string>>

const number = (info: Info, name: string): Either.Either<number, DeviceProtocolError> => {
  const text = info[name]
  return text !== undefined && /^\d{1,9}$/.test(text) ? Either.right(Number(text)) : Either.left(protocolError(`reply has no usable <${name}>: ${JSON.stringify(text ?? null)}`))
}

const amount = (info: Info, name: string) =>
  info[name] === undefined ? Either.left(protocolError(`reply lacks <${name}>`)) : parseAmount(info[name]!, name)

/** When the document was issued: `receiptISODateTime` on newer firmware, else date + time fields, else `now`. */
const issuedAt = (info: Info, now: Date, timeZone: string): Either.Either<string, DeviceProtocolError> => {
  const iso = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(Z|[+-]\d{2}:\d{2})?$/.exec(info.receiptISODateTime?.trim() ?? "")
  if (iso) {
    const stamped = iso[3] === undefined ? deviceTimestamp(iso[1]!, iso[2]!, timeZone) : iso[0]
    if (stamped !== undefined) return Either.right(stamped)
  }
  if (info.fiscalReceiptDate !== undefined) {
    const date = fromSlashed(info.fiscalReceiptDate)
    const stamped = date === undefined ? undefined : deviceTimestamp(date, info.fiscalReceiptTime ?? "00:00", timeZone)
    return stamped === undefined
      ? Either.left(protocolError(`bad document date/time ${JSON.stringify(`${info.fiscalReceiptDate} ${info.fiscalReceiptTime ?? ""}`)}`))
      : Either.right(stamped)
  }
  return Either.right(now.toISOString())
}

/** A `printerFiscalReceipt` reply as the document it printed. */
export const decodePrintedDocument = (
  kind: PrintedDocument["kind"],
  reply: FpmateReply,
  now: Date = new Date(),
  timeZone: string = DEVICE_TIME_ZONE
): Either.Either<PrintedDocument, DeviceProtocolError> =>
  Either.map(
    Either.all({
      z: number(reply.addInfo, "zRepNumber"),
      document: number(reply.addInfo, "fiscalReceiptNumber"),
      total: amount(reply.addInfo, "fiscalReceiptAmount"),
      issuedAt: issuedAt(reply.addInfo, now, timeZone)
    }),
    ({ z, document, total, issuedAt }) => ({ kind, number: { z, document }, issuedAt, total: Math.abs(total) })
  )

/** A `printZReport` reply as the closure it made; `date` is the device's fiscal date of the closure. */
export const decodeClosure = (reply: FpmateReply, date: CalendarDate): Either.Either<ClosureResult, DeviceProtocolError> =>
  Either.map(Either.all({ zNumber: number(reply.addInfo, "zRepNumber"), total: amount(reply.addInfo, "dailyAmount") }), ({ zNumber, total }) => ({
    zNumber,
    date,
    total
  }))

/** A `directIO` reply's `responseData`. */
export const responseData = (reply: FpmateReply): Either.Either<string, DeviceProtocolError> =>
  reply.addInfo.responseData === undefined ? Either.left(protocolError("directIO reply lacks <responseData>")) : Either.right(reply.addInfo.responseData)
