import type { Severity } from "../domain/device-status.js"
import type { Transmission } from "../domain/corrispettivi.js"
import type { MonitorThresholds } from "../monitor/thresholds.js"
import { daysBetween } from "./days.js"

/** What the archive knows of one device, for the time-based rules. */
export interface ArchiveFacts {
  readonly today: string
  /** Day of the device's latest Z (corrispettivi file or transmission record). */
  readonly lastZDay?: string
  /** The device declared an inactivity period (event 00608 or PeriodoInattivo) since its last Z. */
  readonly inactive: boolean
  /** Its Zs not validly transmitted yet: queued on the device, or rejected by AdE. */
  readonly untransmitted: ReadonlyArray<Transmission>
}

export const ARCHIVE_RULES = {
  "z.missing": "warning",
  "transmission.missing": "warning",
  "transmission.deadline-near": "warning",
  "transmission.deadline-passed": "critical"
} as const satisfies Record<string, Severity>
export type ArchiveRuleId = keyof typeof ARCHIVE_RULES

export type ArchiveVerdict =
  | { readonly rule: ArchiveRuleId; readonly firing: true; readonly message: string; readonly details: Record<string, unknown> }
  | { readonly rule: ArchiveRuleId; readonly firing: false }

const oldest = (ts: ReadonlyArray<Transmission>) =>
  ts.filter((t) => t.day !== undefined).sort((a, b) => (a.day! < b.day! ? -1 : a.day! > b.day! ? 1 : a.zNumber - b.zNumber))[0]

/**
 * The time-based rules of the archive: no Z for `noZDays`, a Z waiting on the device for more
 * than `noTransmissionDays`, and the 12-day legal deadline (warning before, critical after). A rule
 * without the facts to judge (a device with no Z yet) is left out, so its alarm is left alone.
 */
export const evaluateArchive = (facts: ArchiveFacts, thresholds: MonitorThresholds): ReadonlyArray<ArchiveVerdict> => {
  const verdicts: ArchiveVerdict[] = []
  if (facts.lastZDay !== undefined) {
    const days = daysBetween(facts.lastZDay, facts.today)
    verdicts.push(
      !facts.inactive && days > thresholds.noZDays
        ? { rule: "z.missing", firing: true, message: `no daily closure (Z) for ${days} days, since ${facts.lastZDay}`, details: { lastZDay: facts.lastZDay, days } }
        : { rule: "z.missing", firing: false }
    )
  }
  const queued = oldest(facts.untransmitted.filter((t) => t.state === "queued"))
  const queuedDays = queued ? daysBetween(queued.day!, facts.today) : 0
  verdicts.push(
    queued && queuedDays > thresholds.noTransmissionDays
      ? {
          rule: "transmission.missing",
          firing: true,
          message: `Z ${queued.zNumber} of ${queued.day} not transmitted to AdE after ${queuedDays} days`,
          details: { zNumber: queued.zNumber, day: queued.day, days: queuedDays }
        }
      : { rule: "transmission.missing", firing: false }
  )
  const late = oldest(facts.untransmitted)
  const age = late ? daysBetween(late.day!, facts.today) : 0
  const limit = thresholds.transmissionDeadlineDays
  const details = late ? { zNumber: late.zNumber, day: late.day, state: late.state, days: age, deadlineDays: limit } : {}
  const passed = late !== undefined && age > limit
  const near = late !== undefined && !passed && age >= limit - thresholds.transmissionDeadlineWarningDays
  verdicts.push(
    near
      ? { rule: "transmission.deadline-near", firing: true, message: `Z ${late!.zNumber} of ${late!.day} must reach AdE within ${limit - age} days (legal limit ${limit} days)`, details }
      : { rule: "transmission.deadline-near", firing: false },
    passed
      ? { rule: "transmission.deadline-passed", firing: true, message: `Z ${late!.zNumber} of ${late!.day} has not reached AdE after ${age} days: the ${limit}-day legal limit has passed`, details }
      : { rule: "transmission.deadline-passed", firing: false }
  )
  return verdicts
}
