import { DeviceBusy, type DeviceError, DeviceRejected } from "@fisco/core"
import type { FpmateReply } from "./xml.js"

/** Native `status` numbers of refused commands (research §1.3), in words. */
export const STATUS_REASONS: Readonly<Record<number, string>> = {
  2: "paper low",
  3: "printer offline (cover open or paper end)",
  9: "date earlier than the last Z",
  11: "wrong command sequence",
  13: "wrong value",
  14: "serial number not programmed",
  16: "unknown command",
  17: "not possible now",
  18: "not possible now",
  20: "over the limit",
  21: "over the limit",
  22: "not programmed",
  23: "document must be closed (operation limit)",
  24: "document must be closed (operation limit)",
  28: "PC or server not connected",
  30: "checksum error (partita IVA, codice fiscale or lottery code)",
  34: "activation missing",
  38: "EFT-POS error",
  39: "document already voided",
  40: "document already refunded",
  41: "invalid reference",
  42: "invalid reference"
}

const CODE_REASONS: Readonly<Record<string, string>> = {
  EPTR_REC_EMPTY: "paper end, cover open or printer offline",
  "TM_NO_ANSWER/OFF_LINE": "print mechanism offline",
  PARSER_ERROR: "request not understood",
  "Non valid XML command": "request not understood",
  NO_RAM: "out of memory"
}

/**
 * Codes by which fpmate says the fiscal board did not answer in time. After a print the board may
 * still be printing, so for a fiscal command these mean "outcome unknown", never "not printed".
 */
export const NO_ANSWER_CODES: ReadonlySet<string> = new Set(["FP_NO_ANSWER", "LAN_TIME_OUT", "FP_NO_ANSWER_NETWORK"])

/** The web server could not hand the request to the fiscal board: nothing ran, try again later. */
const BUSY_CODES: ReadonlySet<string> = new Set(["LAN_ERROR"])
/** Codes that only say "see status": the native number is the device code then. */
const GENERIC_CODES: ReadonlySet<string> = new Set(["PRINTER ERROR"])

export const isNoAnswer = (reply: FpmateReply): boolean => NO_ANSWER_CODES.has(reply.code)

/**
 * The typed error a refused reply stands for: busy (and no-answer, for read-only commands) is
 * `DeviceBusy`, everything else `DeviceRejected` carrying the text code when it names the problem
 * (`EPTR_REC_EMPTY`), else the native status number (`PRINTER ERROR` 40 → `40`).
 */
export const replyError = (reply: FpmateReply): DeviceError => {
  if (BUSY_CODES.has(reply.code) || /BUSY/i.test(reply.code) || isNoAnswer(reply)) return new DeviceBusy({ reason: `fiscal board did not take the request (${reply.code})` })
  const status = reply.status !== undefined && reply.status > 0 ? reply.status : undefined
  const named = reply.code !== "" && !GENERIC_CODES.has(reply.code)
  const deviceCode = named || status === undefined ? reply.code || "UNKNOWN" : String(status)
  const words = (status === undefined ? undefined : STATUS_REASONS[status]) ?? CODE_REASONS[reply.code] ?? "refused"
  return new DeviceRejected({ deviceCode, reason: `${words}${reply.code ? ` [${reply.code}${status === undefined ? "" : ` ${status}`}]` : ""}` })
}
