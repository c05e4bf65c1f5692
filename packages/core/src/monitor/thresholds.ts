import { Schema } from "effect"
import { decodeInput } from "../validation.js"

const Days = Schema.Int.pipe(Schema.between(0, 3650))
const Count = Schema.Int.pipe(Schema.between(1, 100_000))
/** Consecutive readings; capped so the history window the monitor reads stays one page. */
const Readings = Schema.Int.pipe(Schema.between(1, 20))

/**
 * Every number a health rule compares against. Thresholds are an input of each evaluation, so a
 * tenant's own values (stored wherever the host keeps them) apply without changing the rules.
 */
export const MonitorThresholds = Schema.Struct({
  /** A device or AdE CA certificate warns this many days before it expires. */
  certificateWarningDays: Days,
  /** The periodic verification warns this many days before its due date. */
  periodicVerificationWarningDays: Days,
  /** A fiscal day open longer than this needs a closure (Z). */
  dayOpenMaxHours: Schema.Int.pipe(Schema.between(1, 24 * 30)),
  /** Files waiting for AdE before `files.pending` fires. */
  filesPendingAtLeast: Count,
  /** Files waiting too long (the device's own 15/25-day flag) before `files.old` fires. */
  filesOldAtLeast: Count,
  /** Files AdE rejected before `files.rejected` fires. */
  filesRejectedAtLeast: Count,
  /** Consecutive firing readings before a rule raises its alarm. */
  raiseAfter: Readings,
  /** Consecutive healthy readings before a raised alarm clears: a flapping condition stays one alarm. */
  clearAfter: Readings,
  /** Consecutive failed polls before `device.unreachable` raises: one lost poll is not an alarm. */
  unreachableRaiseAfter: Readings,
  /** Days since a device's last Z (daily closure) before `z.missing` fires (a declared inactivity period silences it). */
  noZDays: Days,
  /** Days a Z may wait on the device, untransmitted, before `transmission.missing` fires. */
  noTransmissionDays: Days,
  /** The legal limit: daily data reach AdE within 12 days (art. 2 c.6-ter d.lgs. 127/2015). */
  transmissionDeadlineDays: Days,
  /** `transmission.deadline-near` warns this many days before the legal limit; past it `transmission.deadline-passed` is critical. */
  transmissionDeadlineWarningDays: Days,
  /** A registered device with no reading for this long, while others of the tenant report, raises `device.missing`. */
  missingDeviceHours: Schema.Int.pipe(Schema.between(1, 24 * 90)),
  /** Census notices (new device, serial or firmware change) clear by themselves after this many days, or once acknowledged. */
  censusClearAfterDays: Schema.Int.pipe(Schema.between(1, 365)),
  /** Minutes an agent may go without pushing before `agent.silent` fires (a few missed polls, not a blip). */
  agentSilentMinutes: Schema.Int.pipe(Schema.between(1, 7 * 24 * 60)),
  /** Quadratura: how many minor units back office and device may differ (per device, day and VAT code) before `quadratura.difference` fires. */
  quadraturaTolerance: Schema.Int.pipe(Schema.between(0, 100_000_000))
}).annotations({ identifier: "MonitorThresholds" })
export type MonitorThresholds = typeof MonitorThresholds.Type

/** A tenant's overrides: any subset of the thresholds, merged over the defaults. */
export const MonitorThresholdsOverride = Schema.partial(MonitorThresholds).annotations({ identifier: "MonitorThresholdsOverride" })
export type MonitorThresholdsOverride = typeof MonitorThresholdsOverride.Type

export const DEFAULT_MONITOR_THRESHOLDS: MonitorThresholds = {
  certificateWarningDays: 30,
  periodicVerificationWarningDays: 30,
  dayOpenMaxHours: 24,
  filesPendingAtLeast: 1,
  filesOldAtLeast: 1,
  filesRejectedAtLeast: 1,
  raiseAfter: 1,
  clearAfter: 2,
  unreachableRaiseAfter: 2,
  noZDays: 3,
  noTransmissionDays: 2,
  transmissionDeadlineDays: 12,
  transmissionDeadlineWarningDays: 3,
  missingDeviceHours: 24,
  censusClearAfterDays: 7,
  agentSilentMinutes: 15,
  quadraturaTolerance: 0
}

/** Validates an override (throws `InvalidInput` naming the bad fields) and merges it over `base`. */
export const resolveThresholds = (override: unknown = {}, base: MonitorThresholds = DEFAULT_MONITOR_THRESHOLDS): MonitorThresholds => ({
  ...base,
  ...decodeInput(MonitorThresholdsOverride, override)
})
