import type { Condition, DeviceStatus, Severity } from "../domain/device-status.js"
import { type HealthRule, type Verdict, notFiring } from "./health-rule.js"
import type { MonitorThresholds } from "./thresholds.js"

/** The conditions of a reading the device actually answered; `undefined` for a failed poll, which says nothing about them. */
export const answeredConditions = (status: DeviceStatus): ReadonlyArray<Condition> | undefined => (status.health === "unreachable" ? undefined : status.conditions)

const fire = (condition: Condition, extra: Record<string, unknown> = {}): Verdict => ({
  firing: true,
  message: condition.message,
  details: { condition: condition.code, ...condition.data, ...extra }
})

/** Fires while the device reports a condition with this code (and `matches`, when given). */
export const conditionRule = (spec: {
  readonly id: string
  readonly severity: Severity
  readonly code: string
  readonly matches?: (condition: Condition, thresholds: MonitorThresholds) => boolean
}): HealthRule => ({
  id: spec.id,
  severity: spec.severity,
  evaluate: ({ status, thresholds }) => {
    const conditions = answeredConditions(status)
    if (!conditions) return undefined
    const hit = conditions.find((c) => c.code === spec.code && (spec.matches?.(c, thresholds) ?? true))
    return hit ? fire(hit) : notFiring
  }
})

const countOf = (condition: Condition): number => (typeof condition.data?.count === "number" ? condition.data.count : 1)

/** Fires while a counted condition (`files.pending`…) reaches the tenant's threshold. */
export const countRule = (spec: { readonly id: string; readonly severity: Severity; readonly code: string; readonly atLeast: (t: MonitorThresholds) => number }): HealthRule =>
  conditionRule({ ...spec, matches: (c, t) => countOf(c) >= spec.atLeast(t) })

const DAY_MS = 86_400_000
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/

/** Whole days from the (UTC) day of `at` to the calendar date `date`; negative once it is past. */
export const daysUntil = (at: string, date: string): number =>
  Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${new Date(at).toISOString().slice(0, 10)}T00:00:00Z`)) / DAY_MS)

export type ExpiryPhase = "expiring" | "expired"

/**
 * Judges an expiry against the tenant's warning window from the date the device reported, so a
 * tenant's window narrower than the driver's applies. Without a date, the device's own verdict stands.
 */
export const expiryPhase = (condition: Condition, observedAt: string, warningDays: number): ExpiryPhase | undefined => {
  const date = condition.data?.date
  if (typeof date !== "string" || !CALENDAR_DATE.test(date)) return condition.severity === "critical" ? "expired" : "expiring"
  const daysLeft = daysUntil(observedAt, date)
  return daysLeft < 0 ? "expired" : daysLeft <= warningDays ? "expiring" : undefined
}

/** Fires while a dated condition (certificate, periodic verification) is in `phase`. */
export const expiryRule = (spec: {
  readonly id: string
  readonly severity: Severity
  readonly codes: ReadonlyArray<string>
  readonly phase: ExpiryPhase
  readonly warningDays: (t: MonitorThresholds) => number
  readonly subject?: (condition: Condition) => boolean
}): HealthRule => ({
  id: spec.id,
  severity: spec.severity,
  evaluate: ({ status, thresholds }) => {
    const conditions = answeredConditions(status)
    if (!conditions) return undefined
    const hit = conditions.find(
      (c) => spec.codes.includes(c.code) && (spec.subject?.(c) ?? true) && expiryPhase(c, status.observedAt, spec.warningDays(thresholds)) === spec.phase
    )
    return hit ? fire(hit, { phase: spec.phase }) : notFiring
  }
})
