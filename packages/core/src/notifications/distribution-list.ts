import { Schema } from "effect"
import { AlarmState } from "../domain/alarm.js"
import { FunctionTag, Role, User } from "../domain/access.js"
import { Severity } from "../domain/device-status.js"
import { SiteId } from "../domain/ids.js"
import { TimeZone } from "../domain/site.js"
import { decodeInput } from "../validation.js"
import { CronExpression } from "./cron-expression.js"

/** An explicit address on a list, for people who are not Fisco users (a shop manager, a shared mailbox). */
export const ListRecipient = Schema.Struct({
  email: User.fields.email,
  name: Schema.optional(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)))
}).annotations({ identifier: "ListRecipient" })
export type ListRecipient = typeof ListRecipient.Type

/** When a list's digest goes out: a cron expression read in the list's own time zone (08:00 in Rome stays 08:00 across DST). */
export const DigestSchedule = Schema.Struct({
  cron: CronExpression,
  timezone: TimeZone
}).annotations({ identifier: "DigestSchedule" })
export type DigestSchedule = typeof DigestSchedule.Type

/** Open alarms, whether or not someone has taken them in hand: what a digest reports unless told otherwise. */
export const DEFAULT_DIGEST_STATES: ReadonlyArray<AlarmState> = ["raised", "acknowledged"]

/** Which alarms a digest reports. An absent criterion does not filter. */
export const DigestFilters = Schema.Struct({
  severities: Schema.optional(Schema.Array(Severity).pipe(Schema.minItems(1))),
  siteIds: Schema.optional(Schema.Array(SiteId).pipe(Schema.minItems(1))),
  alarmTypes: Schema.optional(Schema.Array(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(100))).pipe(Schema.minItems(1))),
  states: Schema.optionalWith(Schema.Array(AlarmState).pipe(Schema.minItems(1)), { default: () => DEFAULT_DIGEST_STATES })
}).annotations({ identifier: "DigestFilters" })
export type DigestFilters = typeof DigestFilters.Type

/** A list must reach someone: the check shared by the list schema and by updates to a stored list. */
export const hasSomeone = (list: {
  readonly recipients: ReadonlyArray<unknown>
  readonly roles: ReadonlyArray<unknown>
  readonly functions: ReadonlyArray<unknown>
}) => list.recipients.length + list.roles.length + list.functions.length > 0 || "needs recipients, roles or functions"

/**
 * A MailAlert distribution list: who receives a digest of the devices in alarm (explicit addresses,
 * and users picked by role and/or function), when, and about which alarms.
 */
export const DistributionList = Schema.Struct({
  id: Schema.optional(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(100))),
  name: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)),
  recipients: Schema.optionalWith(Schema.Array(ListRecipient), { default: () => [] }),
  roles: Schema.optionalWith(Schema.Array(Role), { default: () => [] }),
  functions: Schema.optionalWith(Schema.Array(FunctionTag), { default: () => [] }),
  schedule: DigestSchedule,
  filters: Schema.optionalWith(DigestFilters, { default: () => ({ states: DEFAULT_DIGEST_STATES }) }),
  /** Whether a digest with no device in alarm is still sent (as a "tutto regolare" reassurance). Default false. */
  sendWhenEmpty: Schema.optionalWith(Schema.Boolean, { default: () => false })
})
  .pipe(Schema.filter(hasSomeone))
  .annotations({ identifier: "DistributionList" })
export type DistributionList = typeof DistributionList.Type
/** A list as written by a person or sent to the API: defaults not yet applied. */
export type DistributionListInput = typeof DistributionList.Encoded

/** Decodes a list from untrusted input; throws `InvalidInput` naming each bad field. */
export const decodeDistributionList = (input: unknown): DistributionList => decodeInput(DistributionList, input)
