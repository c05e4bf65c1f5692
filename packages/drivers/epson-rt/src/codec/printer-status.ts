import { type CalendarDate, DeviceProtocolError } from "@fisco/core"
import { Either } from "effect"
import { fromYyyymmdd } from "./dates.js"

/** The 5-character `printerStatus` / `fpStatus` (research §1.3), one field per character. */
export interface PrinterStatusFlags {
  readonly printer: "ok" | "paper-low" | "offline"
  /** Electronic journal (DGFE/MPD). */
  readonly journal: "ok" | "near-full" | "to-format" | "previous" | "other-device" | "full"
  readonly drawer: "open" | "closed"
  readonly document: "fiscal-open" | "none" | "non-fiscal-open" | "payment" | "escpos-error" | "negative-subtotal" | "other"
  readonly mode: "registration" | "x" | "z" | "set" | "box-office"
}

const PRINTER: Record<string, PrinterStatusFlags["printer"]> = { "0": "ok", "2": "paper-low", "3": "offline" }
const JOURNAL: Record<string, PrinterStatusFlags["journal"]> = { "0": "ok", "1": "near-full", "2": "to-format", "3": "previous", "4": "other-device", "5": "full" }
const DOCUMENT: Record<string, PrinterStatusFlags["document"]> = {
  "0": "fiscal-open",
  "1": "none",
  "2": "non-fiscal-open",
  "3": "payment",
  "4": "escpos-error",
  "5": "negative-subtotal"
}
const MODE: Record<string, PrinterStatusFlags["mode"]> = { "0": "registration", "1": "x", "2": "z", "3": "set", "4": "box-office" }

const protocolError = (reason: string) => new DeviceProtocolError({ reason })

export const decodePrinterStatusFlags = (text: string): Either.Either<PrinterStatusFlags, DeviceProtocolError> => {
  const [printer, journal, drawer, document, mode] = [PRINTER[text[0]!], JOURNAL[text[1]!], text[2], text[3], MODE[text[4]!]]
  if (text.length !== 5 || printer === undefined || journal === undefined || (drawer !== "0" && drawer !== "1") || mode === undefined) {
    return Either.left(protocolError(`printer status ${JSON.stringify(text)} is not 5 known status characters`))
  }
  return Either.right({ printer, journal, drawer: drawer === "0" ? "open" : "closed", document: DOCUMENT[document!] ?? "other", mode })
}

/** `queryPrinterStatus statusType="0"`: the fiscal board. */
export interface BoardStatus {
  readonly cpuRelease: string
  readonly mfRelease: string
  /** Fiscal (summary) memory state as the device writes it: `0` ok, `1` near full, `2` full. */
  readonly mfStatus: string
  readonly flags: PrinterStatusFlags
}

const field = (addInfo: Readonly<Record<string, string>>, name: string) =>
  addInfo[name] === undefined ? Either.left(protocolError(`status reply lacks <${name}>`)) : Either.right(addInfo[name]!)

export const decodeBoardStatus = (addInfo: Readonly<Record<string, string>>): Either.Either<BoardStatus, DeviceProtocolError> =>
  Either.all({
    cpuRelease: field(addInfo, "cpuRel"),
    mfRelease: Either.right(addInfo.mfRel ?? ""),
    mfStatus: Either.right(addInfo.mfStatus ?? "0"),
    flags: Either.flatMap(field(addInfo, addInfo.fpStatus === undefined ? "printerStatus" : "fpStatus"), decodePrinterStatusFlags)
  })

/** What both RT readings report: `queryPrinterStatus statusType="1"` and directIO 1138. */
export interface RtStateCommon {
  readonly rtType: string
  readonly mainStatus: string
  readonly subStatus: string
  readonly dayOpen: boolean
  /** A Z is pending from a previous day ("waiting for the daily closure"). */
  readonly pendingClosure: boolean
  readonly filesToSend: number
  readonly oldFilesToSend: number
  readonly filesRejected: number
  readonly certificateExpiryCD?: CalendarDate
  readonly certificateExpiryCA?: CalendarDate
}

/** `queryPrinterStatus statusType="1"`: the RT state. */
export interface RtState extends RtStateCommon {
  readonly trainingMode: boolean
  readonly upgradeResult?: string
}

const count = (addInfo: Readonly<Record<string, string>>, name: string) =>
  Either.flatMap(field(addInfo, name), (text) => (/^\d+$/.test(text) ? Either.right(Number(text)) : Either.left(protocolError(`<${name}> is not a count: ${JSON.stringify(text)}`))))
const bit = (addInfo: Readonly<Record<string, string>>, name: string) =>
  Either.flatMap(field(addInfo, name), (text) => (text === "0" || text === "1" ? Either.right(text === "1") : Either.left(protocolError(`<${name}> is not 0 or 1: ${JSON.stringify(text)}`))))

export const decodeRtState = (addInfo: Readonly<Record<string, string>>): Either.Either<RtState, DeviceProtocolError> =>
  Either.map(
    Either.all({
      rtType: field(addInfo, "rtType"),
      mainStatus: field(addInfo, "rtMainStatus"),
      subStatus: field(addInfo, "rtSubStatus"),
      dayOpen: bit(addInfo, "rtDailyOpen"),
      pendingClosure: bit(addInfo, "rtNoWorkingPeriod"),
      filesToSend: count(addInfo, "rtFileToSend"),
      oldFilesToSend: count(addInfo, "rtOldFileToSend"),
      filesRejected: count(addInfo, "rtFileRejected"),
      trainingMode: addInfo.rtTrainingMode === undefined ? Either.right(false) : bit(addInfo, "rtTrainingMode")
    }),
    (state) => {
      const cd = fromYyyymmdd(addInfo.rtExpiryCD ?? "")
      const ca = fromYyyymmdd(addInfo.rtExpiryCA ?? "")
      return {
        ...state,
        ...(cd === undefined ? {} : { certificateExpiryCD: cd }),
        ...(ca === undefined ? {} : { certificateExpiryCA: ca }),
        ...(addInfo.rtUpgradeResult ? { upgradeResult: addInfo.rtUpgradeResult } : {})
      }
    }
  )
