import { type CalendarDate, type Condition, type StatusReading, healthOf } from "@fisco/core"
import { daysBetween } from "./dates.js"
import type { RtStatus } from "./direct-io.js"
import type { BoardStatus, RtState } from "./printer-status.js"

/** How far ahead an expiring certificate or periodic verification starts to warn. */
export const EXPIRY_WARNING_DAYS = 30

/** Everything a status poll read; 1138, 4228 and 3217 are optional (older firmware, RT Server). */
export interface StatusParts {
  readonly board: BoardStatus
  readonly rt: RtState
  readonly rtStatus?: RtStatus
  readonly periodicVerificationDue?: CalendarDate
  /** The matricola the device answered with (directIO 3217): a change means another board answers at this address. */
  readonly serial?: string
  /** The fiscal date today, to judge expiries against. */
  readonly today: CalendarDate
  /** The replies as received, kept verbatim in `raw`. */
  readonly rawReplies: ReadonlyArray<string>
}

const condition = (code: string, severity: Condition["severity"], message: string, data?: Record<string, unknown>): Condition => ({
  code,
  severity,
  message,
  ...(data === undefined ? {} : { data })
})

const printerConditions = ({ flags, mfStatus }: BoardStatus): Array<Condition> => {
  const out: Array<Condition> = []
  if (flags.printer === "paper-low") out.push(condition("paper.near-end", "warning", "paper is running out"))
  if (flags.printer === "offline") out.push(condition("printer.offline", "critical", "printer offline: cover open or paper end"))
  if (flags.journal === "near-full") out.push(condition("dgfe.near-full", "warning", "electronic journal (DGFE) nearly full"))
  if (flags.journal === "full") out.push(condition("dgfe.full", "critical", "electronic journal (DGFE) full"))
  if (flags.journal === "to-format" || flags.journal === "previous" || flags.journal === "other-device") {
    out.push(condition("dgfe.unusable", "critical", `electronic journal unusable (${flags.journal})`, { state: flags.journal }))
  }
  if (mfStatus === "1") out.push(condition("mf.near-full", "warning", "fiscal memory nearly full"))
  if (mfStatus === "2") out.push(condition("mf.full", "critical", "fiscal memory full"))
  if (flags.mode === "set") out.push(condition("service-mode", "warning", "device in programming (SET) mode, not registering sales"))
  return out
}

const expiryConditions = (what: string, subject: Record<string, unknown>, date: CalendarDate, today: CalendarDate): Array<Condition> => {
  const daysLeft = daysBetween(today, date)
  if (daysLeft < 0) return [condition(`${what}.expired`, "critical", `${describe(what, subject)} expired on ${date}`, { ...subject, date })]
  if (daysLeft <= EXPIRY_WARNING_DAYS) {
    return [condition(`${what}.expiring`, "warning", `${describe(what, subject)} expires on ${date} (${daysLeft} days)`, { ...subject, date, daysLeft })]
  }
  return []
}
const describe = (what: string, subject: Record<string, unknown>) =>
  what === "certificate" ? `${subject.certificate === "CD" ? "device" : "AdE CA"} certificate (${String(subject.certificate)})` : what

const rtConditions = (rt: RtState, today: CalendarDate): Array<Condition> => {
  const out: Array<Condition> = []
  if (rt.mainStatus !== "02") {
    out.push(condition("rt.not-in-service", "warning", `RT not in service (state ${rt.mainStatus}/${rt.subStatus})`, { mainStatus: rt.mainStatus, subStatus: rt.subStatus }))
  }
  if (rt.pendingClosure) out.push(condition("day.pending-closure", "warning", "a daily closure (Z) is pending from a previous day"))
  if (rt.filesToSend > 0) out.push(condition("files.pending", "info", `${rt.filesToSend} files waiting to be sent to AdE`, { count: rt.filesToSend }))
  if (rt.oldFilesToSend > 0) out.push(condition("files.old", "warning", `${rt.oldFilesToSend} files waiting too long to be sent to AdE`, { count: rt.oldFilesToSend }))
  if (rt.filesRejected > 0) out.push(condition("files.rejected", "critical", `${rt.filesRejected} files rejected by AdE`, { count: rt.filesRejected }))
  if (rt.certificateExpiryCD) out.push(...expiryConditions("certificate", { certificate: "CD" }, rt.certificateExpiryCD, today))
  if (rt.certificateExpiryCA) out.push(...expiryConditions("certificate", { certificate: "CA" }, rt.certificateExpiryCA, today))
  if (rt.trainingMode) out.push(condition("training-mode", "warning", "device in training mode: documents are not fiscal"))
  return out
}

const periodicVerificationConditions = (due: CalendarDate, today: CalendarDate): Array<Condition> => {
  const daysLeft = daysBetween(today, due)
  if (daysLeft < 0) return [condition("periodic-verification.due", "critical", `periodic verification overdue since ${due}`, { date: due, daysLeft })]
  if (daysLeft <= EXPIRY_WARNING_DAYS) return [condition("periodic-verification.due", "warning", `periodic verification due by ${due}`, { date: due, daysLeft })]
  return []
}

/** Wraps the status replies in one XML document for `raw`, without their XML declarations. */
export const combinedRaw = (replies: ReadonlyArray<string>): string =>
  `<epsonRtStatus>${replies.map((r) => r.replace(/^\s*<\?xml[^>]*\?>\s*/, "")).join("")}</epsonRtStatus>`

/** Normalises a status poll into core's `StatusReading` with stable condition codes. */
export const toStatusReading = (parts: StatusParts): StatusReading => {
  const conditions = [
    ...printerConditions(parts.board),
    ...(parts.rtStatus?.outOfService ? [condition("case.open", "critical", "device out of service: case opened or seal broken")] : []),
    ...rtConditions(parts.rt, parts.today),
    ...(parts.periodicVerificationDue ? periodicVerificationConditions(parts.periodicVerificationDue, parts.today) : [])
  ]
  const build = parts.rtStatus?.firmwareBuild
  return {
    health: healthOf(conditions),
    conditions,
    dayOpen: parts.rt.dayOpen,
    firmware: build ? `${parts.board.cpuRelease} (build ${build})` : parts.board.cpuRelease,
    ...(parts.serial ? { serial: parts.serial } : {}),
    raw: { format: "xml", body: combinedRaw(parts.rawReplies) }
  }
}
