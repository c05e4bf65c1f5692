import type { DeviceStatus } from "../domain/device-status.js"
import { type HealthRule, type Verdict, raiseAfterOf } from "./health-rule.js"
import { HEALTH_RULES } from "./rules.js"
import type { MonitorThresholds } from "./thresholds.js"

export type RuleDecision =
  | { readonly rule: HealthRule; readonly action: "raise"; readonly verdict: Extract<Verdict, { firing: true }> }
  | { readonly rule: HealthRule; readonly action: "clear" }
  /** Not enough consecutive evidence either way: leave the alarm as it is. */
  | { readonly rule: HealthRule; readonly action: "hold" }

export interface DeviceEvaluation {
  /** The device's recent readings, newest first; the first is the one just observed. */
  readonly readings: ReadonlyArray<DeviceStatus>
  readonly thresholds: MonitorThresholds
  readonly rules?: ReadonlyArray<HealthRule>
  /** Start of the current open fiscal day, from the history (see `openDayRun`). */
  readonly dayOpenSince?: string
}

/**
 * Hysteresis from history alone: a rule raises once its newest `raiseAfter` readings all fire and
 * clears once its newest `clearAfter` readings are all healthy; anything in between holds. So a
 * condition flapping every poll keeps one alarm open instead of opening many. A reading a rule
 * cannot judge (the device did not answer) holds that rule's alarm as it is.
 */
export const decide = (rule: HealthRule, input: Omit<DeviceEvaluation, "rules">): RuleDecision => {
  const raiseAfter = raiseAfterOf(rule, input.thresholds)
  let firing = 0
  let healthyRun = 0
  let newest: Extract<Verdict, { firing: true }> | undefined
  for (const [index, status] of input.readings.entries()) {
    const verdict = rule.evaluate({ status, thresholds: input.thresholds, ...(input.dayOpenSince ? { dayOpenSince: input.dayOpenSince } : {}) })
    // A newest reading that says nothing (a lost poll) is no evidence to act on; older ones are skipped.
    if (verdict === undefined) {
      if (index === 0) break
      continue
    }
    if (verdict.firing) {
      if (healthyRun > 0) break
      newest ??= verdict
      if (++firing >= raiseAfter) return { rule, action: "raise", verdict: newest }
    } else {
      if (firing > 0) break
      if (++healthyRun >= input.thresholds.clearAfter) return { rule, action: "clear" }
    }
  }
  return { rule, action: "hold" }
}

/** Applies every rule to a device's recent readings. Pure: the caller raises and clears the alarms. */
export const evaluateDevice = (input: DeviceEvaluation): ReadonlyArray<RuleDecision> => (input.rules ?? HEALTH_RULES).map((rule) => decide(rule, input))

/** How many readings the hysteresis of these rules can look at. */
export const historyWindow = (rules: ReadonlyArray<HealthRule>, thresholds: MonitorThresholds): number =>
  Math.max(thresholds.clearAfter, ...rules.map((r) => raiseAfterOf(r, thresholds)))
