import { Schema } from "effect"
import { DigestDeliveryId, DistributionListId, TenantId, Timestamp } from "../domain/ids.js"

/**
 * One attempt to mail a list's digest, recorded BEFORE the mail leaves (`sending`) and finished
 * after. A row still `sending` when its run comes back (the process died between sending and
 * recording) becomes `interrupted` and is not sent again: digests are at-most-once per run, and a
 * possibly lost digest shows in the history instead of a silent duplicate.
 *
 * - `sent`: the SMTP server took it (`recipientCount` accepted addresses).
 * - `skipped`: nothing to send (no alarm and not `sendWhenEmpty`, nobody to send to) or no mailer configured; `reason` says which.
 * - `failed`: nothing was delivered (`reason` is the mail error); a scheduled run is retried.
 * - `interrupted`: the outcome is unknown, see above.
 */
export const DigestOutcome = Schema.Literal("sending", "sent", "skipped", "failed", "interrupted")
export type DigestOutcome = typeof DigestOutcome.Type

/** `schedule`: the list's cron fired; `test`: someone asked for one now. */
export const DeliveryTrigger = Schema.Literal("schedule", "test")
export type DeliveryTrigger = typeof DeliveryTrigger.Type

export const DigestDelivery = Schema.Struct({
  id: DigestDeliveryId,
  tenantId: TenantId,
  livemode: Schema.Boolean,
  listId: DistributionListId,
  /** Identifies the run (the scheduler's job id, or a fresh id for a test): one row per run. */
  runKey: Schema.String,
  trigger: DeliveryTrigger,
  outcome: DigestOutcome,
  reason: Schema.optional(Schema.String),
  recipientCount: Schema.Int,
  alarmCount: Schema.Int,
  messageId: Schema.optional(Schema.String),
  startedAt: Timestamp,
  finishedAt: Schema.optional(Timestamp)
}).annotations({ identifier: "DigestDelivery" })
export type DigestDelivery = typeof DigestDelivery.Type
