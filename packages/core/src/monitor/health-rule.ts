import type { DeviceStatus, Severity } from "../domain/device-status.js"
import type { MonitorThresholds } from "./thresholds.js"

/** What a rule sees of one reading. */
export interface RuleInput {
  readonly status: DeviceStatus
  readonly thresholds: MonitorThresholds
  /** When the fiscal day of this reading was first seen open, if the history shows it. */
  readonly dayOpenSince?: string
}

/** A rule's answer for one reading; `undefined` means the reading says nothing (e.g. the device did not answer). */
export type Verdict = { readonly firing: true; readonly message: string; readonly details: Record<string, unknown> } | { readonly firing: false }

export const notFiring: Verdict = { firing: false }

/**
 * One check of the product. `id` is also the alarm type and the tail of the dedupe key
 * (`${deviceId}:${id}`), so each rule opens at most one alarm per device.
 */
export interface HealthRule {
  readonly id: string
  readonly severity: Severity
  /** Consecutive firing readings needed to raise; defaults to `thresholds.raiseAfter`. */
  readonly raiseAfter?: (thresholds: MonitorThresholds) => number
  evaluate(input: RuleInput): Verdict | undefined
}

export const raiseAfterOf = (rule: HealthRule, thresholds: MonitorThresholds): number => rule.raiseAfter?.(thresholds) ?? thresholds.raiseAfter

export const dedupeKeyOf = (deviceId: string, rule: HealthRule): string => `${deviceId}:${rule.id}`
