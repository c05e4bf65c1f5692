import { Schema } from "effect"
import { AlarmId, DeviceId, SiteId, TenantId, Timestamp, UserId } from "./ids.js"
import { Severity } from "./device-status.js"

export const AlarmState = Schema.Literal("raised", "acknowledged", "cleared")
export type AlarmState = typeof AlarmState.Type

/**
 * A problem worth a human's attention. Alarms are deduplicated by `dedupeKey` (e.g.
 * `dev_…:paper.end`): while one is open, raising it again only bumps `occurrences` and `lastSeenAt`.
 */
export const Alarm = Schema.Struct({
  id: AlarmId,
  tenantId: TenantId,
  livemode: Schema.Boolean,
  type: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(100)),
  severity: Severity,
  deviceId: Schema.optional(DeviceId),
  siteId: Schema.optional(SiteId),
  dedupeKey: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(300)),
  state: AlarmState,
  message: Schema.String,
  details: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  occurrences: Schema.Int,
  raisedAt: Timestamp,
  lastSeenAt: Timestamp,
  acknowledgedAt: Schema.optional(Timestamp),
  acknowledgedBy: Schema.optional(Schema.String),
  clearedAt: Schema.optional(Timestamp)
}).annotations({ identifier: "Alarm" })
export type Alarm = typeof Alarm.Type

/** What a rule asks the store to raise. */
export interface AlarmRaise {
  readonly type: string
  readonly severity: Alarm["severity"]
  readonly dedupeKey: string
  readonly message: string
  readonly deviceId?: DeviceId
  readonly siteId?: SiteId
  readonly details?: Record<string, unknown>
}

export const AlarmFilter = Schema.Struct({
  state: Schema.optional(AlarmState),
  severity: Schema.optional(Severity),
  type: Schema.optional(Schema.String),
  deviceId: Schema.optional(DeviceId),
  siteId: Schema.optional(SiteId)
})
export type AlarmFilter = typeof AlarmFilter.Type
export type AcknowledgedBy = UserId | string
