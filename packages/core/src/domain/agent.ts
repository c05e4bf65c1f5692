import { Schema } from "effect"
import { StatusReading } from "./device-status.js"
import { AgentId, DeviceId, TenantId, Timestamp } from "./ids.js"

/**
 * A Fisco agent: a small process on a shop LAN that polls the devices the server cannot reach
 * (`connectivity: "agent"`), queues what it reads in a local store-and-forward queue and pushes it
 * to the server. It registers itself on every delivery; `lastSeenAt` is when the server last heard it.
 */
export const Agent = Schema.Struct({
  id: AgentId,
  tenantId: TenantId,
  livemode: Schema.Boolean,
  name: Schema.String,
  version: Schema.String,
  lastSeenAt: Timestamp,
  /** The agent's local queue as it last reported it; `full` means it stopped polling to keep fiscal data. */
  queue: Schema.Struct({ items: Schema.Int, bytes: Schema.Int, full: Schema.Boolean }),
  /** Items the agent dropped because its queue was full, since it was installed (never fiscal data). */
  dropped: Schema.Struct({ log: Schema.Int, status: Schema.Int }),
  createdAt: Timestamp
}).annotations({ identifier: "Agent" })
export type Agent = typeof Agent.Type

const count = Schema.Int.pipe(Schema.nonNegative())
const text = (max: number) => Schema.String.pipe(Schema.minLength(1), Schema.maxLength(max))

/** What an agent says about itself with every delivery. */
export const AgentReport = Schema.Struct({
  /** Minted by the agent on first start and kept in its data directory. */
  id: AgentId,
  name: text(200),
  version: text(50),
  queue: Schema.Struct({ items: count, bytes: count, full: Schema.Boolean }),
  dropped: Schema.Struct({ log: count, status: count })
}).annotations({ identifier: "AgentReport" })
export type AgentReport = typeof AgentReport.Type

/** A queued item's id: a ULID the agent mints when it queues the item, kept across re-sends. */
export const AgentItemId = Schema.String.pipe(
  Schema.pattern(/^[0-9A-HJKMNP-TV-Z]{26}$/, { message: () => "must be a ULID (26 Crockford base32 characters)" }),
  Schema.annotations({ description: "ULID minted by the agent when it queued the item" })
)

/** A status the agent read from one of its devices. */
export const DeviceStatusItem = Schema.Struct({
  id: AgentItemId,
  kind: Schema.Literal("device.status"),
  deviceId: DeviceId,
  observedAt: Timestamp,
  reading: StatusReading
}).annotations({ identifier: "DeviceStatusItem" })
export type DeviceStatusItem = typeof DeviceStatusItem.Type

/** A poll the device did not answer: evidence for the `device.unreachable` rule, as a server poll would be. */
export const DeviceNoAnswerItem = Schema.Struct({
  id: AgentItemId,
  kind: Schema.Literal("device.no-answer"),
  deviceId: DeviceId,
  observedAt: Timestamp,
  error: Schema.Struct({ code: Schema.Literal("device_unreachable", "device_timeout"), message: Schema.String.pipe(Schema.maxLength(2000)) })
}).annotations({ identifier: "DeviceNoAnswerItem" })
export type DeviceNoAnswerItem = typeof DeviceNoAnswerItem.Type

export const AgentLogLevel = Schema.Literal("info", "warn", "error")
export type AgentLogLevel = typeof AgentLogLevel.Type

/** A line of the agent's own log, for support staff; the first thing dropped when the queue is full. */
export const AgentLogItem = Schema.Struct({
  id: AgentItemId,
  kind: Schema.Literal("log"),
  at: Timestamp,
  level: AgentLogLevel,
  message: Schema.String.pipe(Schema.maxLength(2000)),
  deviceId: Schema.optional(DeviceId)
}).annotations({ identifier: "AgentLogItem" })
export type AgentLogItem = typeof AgentLogItem.Type

export const AgentItem = Schema.Union(DeviceStatusItem, DeviceNoAnswerItem, AgentLogItem).annotations({ identifier: "AgentItem" })
export type AgentItem = typeof AgentItem.Type
export type AgentItemKind = AgentItem["kind"]

/** Most items one delivery may carry; the agent sends its queue in batches of at most this many. */
export const MAX_DELIVERY_ITEMS = 200

/** One push of the agent's queue, oldest item first. */
export const AgentDelivery = Schema.Struct({
  agent: AgentReport,
  items: Schema.Array(AgentItem).pipe(Schema.maxItems(MAX_DELIVERY_ITEMS))
}).annotations({ identifier: "AgentDelivery" })
export type AgentDelivery = typeof AgentDelivery.Type

/**
 * What became of one item: `accepted` (it took effect now), `duplicate` (it had already taken effect:
 * a re-send after a lost reply), `rejected` (it never will: the reason says why). The agent removes
 * the item from its queue in all three cases.
 */
export const AgentItemOutcome = Schema.Literal("accepted", "duplicate", "rejected")
export type AgentItemOutcome = typeof AgentItemOutcome.Type

export const AgentItemResult = Schema.Struct({
  id: Schema.String,
  outcome: AgentItemOutcome,
  reason: Schema.optional(Schema.String)
}).annotations({ identifier: "AgentItemResult" })
export type AgentItemResult = typeof AgentItemResult.Type

export const AgentDeliveryReply = Schema.Struct({ results: Schema.Array(AgentItemResult) }).annotations({ identifier: "AgentDeliveryReply" })
export type AgentDeliveryReply = typeof AgentDeliveryReply.Type

/** An agent log line as the server keeps it (a bounded tail per agent). */
export const AgentLogEntry = Schema.Struct({
  agentId: AgentId,
  itemId: Schema.String,
  at: Timestamp,
  level: AgentLogLevel,
  message: Schema.String,
  deviceId: Schema.optional(DeviceId)
}).annotations({ identifier: "AgentLogEntry" })
export type AgentLogEntry = typeof AgentLogEntry.Type
