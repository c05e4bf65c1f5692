import { fixed } from "./amounts.js"
import { ddmmyy, fromIsoDate } from "./device-time.js"
import type { Conditions } from "./state.js"

/** Firmware releases the simulator reports (statusType 0 `cpuRel`/`mfRel`, 1138 FW build). */
export const CPU_RELEASE = "07.00"
export const MF_RELEASE = "04.3"
const FW_BUILD = 1234

/** What the status encoders read from the device besides its settable conditions. */
export interface StatusFacts {
  readonly conditions: Conditions
  readonly rtType: string
  readonly dayOpen: boolean
  /** A fiscal day opened on an earlier date is still waiting for its Z. */
  readonly closurePending: boolean
  readonly filesToSend: number
  readonly filesRejected: number
}

/** RT lifecycle: main 02 = in service (01/xx are the census and activation steps). */
const RT_MAIN_STATUS = "02"
const RT_SUB_STATUS = "08"

const flag = (value: boolean) => (value ? "1" : "0")
const yyyymmdd = (date: string) => date.replaceAll("-", "")
const shortDate = (date: string) => ddmmyy(fromIsoDate(date))

/**
 * The 5-character `printerStatus`/`fpStatus`: [1] printer 0 ok, 2 paper low, 3 offline (paper
 * out or cover open); [2] journal 0 ok, 1 near full, 5 full; [3] drawer 1 closed; [4] document
 * 1 none open (replies come after the document is closed); [5] mode 0 registration, 1 X, 2 Z, 3 SET.
 */
export const printerStatus = (c: Conditions): string => {
  const printer = c.paper === "end" || c.coverOpen ? "3" : c.paper === "near-end" ? "2" : "0"
  const journal = c.dgfe === "full" ? "5" : c.dgfe === "near-full" ? "1" : "0"
  const mode = { registration: "0", x: "1", z: "2", set: "3" }[c.mode]
  return `${printer}${journal}11${mode}`
}

/** `mfStatus` of statusType 0: 0 ok, 1 near exhaustion, 2 exhausted (simulator's encoding). */
export const mfStatus = (c: Conditions): string => ({ ok: "0", "near-full": "1", full: "2" })[c.fiscalMemory]

/** The addInfo children of `queryPrinterStatus statusType="0"`. */
export const basicStatusFields = (c: Conditions): ReadonlyArray<readonly [string, string]> => [
  ["lastCommand", "74"],
  ["cpuRel", CPU_RELEASE],
  ["mfRel", MF_RELEASE],
  ["mfStatus", mfStatus(c)],
  ["fpStatus", printerStatus(c)]
]

/** The addInfo children of `queryPrinterStatus statusType="1"` (RT status). */
export const rtStatusFields = (f: StatusFacts): ReadonlyArray<readonly [string, string]> => [
  ["lastCommand", "138"],
  ["rtType", f.rtType],
  ["rtMainStatus", RT_MAIN_STATUS],
  ["rtSubStatus", RT_SUB_STATUS],
  ["rtDailyOpen", flag(f.dayOpen)],
  ["rtNoWorkingPeriod", flag(f.closurePending)],
  ["rtFileToSend", String(f.filesToSend)],
  ["rtOldFileToSend", String(f.conditions.oldFilesToSend)],
  ["rtFileRejected", String(f.filesRejected)],
  ["rtExpiryCD", yyyymmdd(f.conditions.certificateExpiry)],
  ["rtExpiryCA", yyyymmdd(f.conditions.caCertificateExpiry)],
  ["rtTrainingMode", flag(f.conditions.trainingMode)],
  ["rtUpgradeResult", "0"]
]

/** `elementList` of the RT status reply: every field after lastCommand. */
export const RT_STATUS_ELEMENTS = ["lastCommand", "rtType", "rtMainStatus", "rtSubStatus", "rtDailyOpen", "rtNoWorkingPeriod", "rtFileToSend", "rtOldFileToSend", "rtFileRejected", "rtExpiryCD", "rtExpiryCA", "rtTrainingMode", "rtUpgradeResult"]

/**
 * directIO 1138 reply (47 characters): OP(2) type(1) main(2) sub(2) dailyOpen(1) noWorkingPeriod(1)
 * filesToSend(4) oldFiles(4) rejected(4) expiryCD DDMMYY expiryCA DDMMYY fwBuild(4) dgfe(1)
 * training(1) fwUpdate(1) archivedRejected(4) outOfService(1) certRestore(1) spare(1).
 * The DGFE byte uses the printerStatus journal digits (0 ok, 1 near full, 5 full).
 */
export const rtStatusString = (f: StatusFacts, operator: string): string => {
  const c = f.conditions
  return [
    operator.padStart(2, "0").slice(-2),
    f.rtType,
    RT_MAIN_STATUS,
    RT_SUB_STATUS,
    flag(f.dayOpen),
    flag(f.closurePending),
    fixed(f.filesToSend, 4),
    fixed(c.oldFilesToSend, 4),
    fixed(f.filesRejected, 4),
    shortDate(c.certificateExpiry),
    shortDate(c.caCertificateExpiry),
    fixed(FW_BUILD, 4),
    printerStatus(c)[1],
    flag(c.trainingMode),
    "0",
    fixed(0, 4),
    flag(c.caseOpen),
    "0",
    "0"
  ].join("")
}

/** directIO 4228 reply: the periodic verification due date DDMMYY, "000000" when not programmed. */
export const periodicVerificationString = (c: Conditions): string => (c.periodicVerification ? shortDate(c.periodicVerification) : "000000")
