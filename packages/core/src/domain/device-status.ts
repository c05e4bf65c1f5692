import { Schema } from "effect"
import { DeviceId, Timestamp } from "./ids.js"

export const Severity = Schema.Literal("info", "warning", "critical")
export type Severity = typeof Severity.Type

/** Overall health, the one field a dashboard colours by. */
export const Health = Schema.Literal("ok", "warning", "fault", "unreachable")
export type Health = typeof Health.Type

/**
 * One thing a device reports about itself, normalised across vendors: a stable dotted code
 * (`paper.near-end`, `dgfe.near-full`, `certificate.expiring`, `case.open`…), a severity, and the
 * values behind it. Alarm rules match on codes, so a new vendor only has to map into them.
 */
export const Condition = Schema.Struct({
  code: Schema.String.pipe(Schema.pattern(/^[a-z0-9]+([.-][a-z0-9]+)*$/)),
  severity: Severity,
  message: Schema.String,
  data: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
}).annotations({ identifier: "Condition" })
export type Condition = typeof Condition.Type

/** The vendor's own answer, kept verbatim for support staff and for re-parsing later. */
export const RawPayload = Schema.Struct({
  format: Schema.Literal("xml", "json", "text", "binary-base64"),
  body: Schema.String
}).annotations({ identifier: "RawPayload" })
export type RawPayload = typeof RawPayload.Type

/** What a driver reads from a device: the normalised snapshot plus the raw payload. */
export const StatusReading = Schema.Struct({
  health: Health,
  conditions: Schema.Array(Condition),
  /** Whether the fiscal day is open (RT, SAT); absent where the notion does not apply. */
  dayOpen: Schema.optional(Schema.Boolean),
  firmware: Schema.optional(Schema.String),
  /** The matricola (serial) the device answered with, when the driver reads it: a change means the board was swapped. */
  serial: Schema.optional(Schema.String),
  /** Device clock, when it reports one; drift is itself a condition worth raising. */
  deviceTime: Schema.optional(Timestamp),
  raw: RawPayload
}).annotations({ identifier: "StatusReading" })
export type StatusReading = typeof StatusReading.Type

/** A status reading as stored: stamped with the device and the time it was observed. */
export const DeviceStatus = Schema.Struct({
  deviceId: DeviceId,
  observedAt: Timestamp,
  ...StatusReading.fields
}).annotations({ identifier: "DeviceStatus" })
export type DeviceStatus = typeof DeviceStatus.Type

/** Health implied by a set of conditions: the worst severity wins. */
export const healthOf = (conditions: ReadonlyArray<Condition>): Health =>
  conditions.some((c) => c.severity === "critical") ? "fault" : conditions.some((c) => c.severity === "warning") ? "warning" : "ok"
