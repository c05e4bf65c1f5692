import type { DeviceStatus } from "../domain/device-status.js"
import { answeredConditions } from "./condition-rules.js"
import { type HealthRule, notFiring } from "./health-rule.js"

const HOUR_MS = 3_600_000

/**
 * Fires when the device itself says a closure from a previous day is pending, or when the history
 * shows the fiscal day open for longer than `dayOpenMaxHours`.
 */
export const dayClosureRule: HealthRule = {
  id: "day.closure-required",
  severity: "warning",
  evaluate: ({ status, thresholds, dayOpenSince }) => {
    const conditions = answeredConditions(status)
    if (!conditions) return undefined
    const pending = conditions.find((c) => c.code === "day.pending-closure")
    if (pending) return { firing: true, message: pending.message, details: { condition: pending.code } }
    if (status.dayOpen !== true || dayOpenSince === undefined) return notFiring
    const hours = Math.floor((Date.parse(status.observedAt) - Date.parse(dayOpenSince)) / HOUR_MS)
    return hours >= thresholds.dayOpenMaxHours
      ? { firing: true, message: `fiscal day open for ${hours} h: a daily closure (Z) is required`, details: { openSince: dayOpenSince, hours } }
      : notFiring
  }
}

/**
 * Where the run of open-day readings at the head of `readings` (newest first) starts. Failed polls
 * neither extend nor break the run. `ended` is false when the run reaches the end of `readings`,
 * i.e. older history may still belong to it.
 */
export const openDayRun = (readings: ReadonlyArray<DeviceStatus>): { readonly since?: string; readonly ended: boolean } => {
  let since: string | undefined
  for (const status of readings) {
    if (status.health === "unreachable") continue
    if (status.dayOpen !== true) return since === undefined ? { ended: true } : { since, ended: true }
    since = status.observedAt
  }
  return since === undefined ? { ended: false } : { since, ended: false }
}
