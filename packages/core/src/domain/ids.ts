import { Schema } from "effect"

/**
 * Prefixes of Fisco's public identifiers, Stripe style: the prefix says what an id names
 * (`dev_…` is a device), and the rest is a ULID so ids sort by creation time, which is what
 * cursor pagination relies on.
 */
export const IdPrefix = {
  tenant: "ten",
  site: "site",
  device: "dev",
  alarm: "alm",
  apiKey: "key",
  user: "usr",
  receipt: "rcpt",
  debtPosition: "dp",
  invoice: "inv",
  job: "job",
  corrispettiviFile: "cor",
  transmission: "ztx",
  distributionList: "dl",
  digestDelivery: "dlv",
  agent: "agt",
  agentCommand: "acmd"
} as const
export type IdPrefix = (typeof IdPrefix)[keyof typeof IdPrefix]

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

/** The last ULID of this process: ids made in the same millisecond increment it, so they still sort in creation order. */
let last: { time: number; digits: number[] } | undefined

const randomDigits = (): number[] => {
  const bytes = new Uint8Array(16)
  globalThis.crypto.getRandomValues(bytes)
  return [...bytes].map((b) => b % 32)
}

/** Adds one to a base-32 digit string; undefined when it overflows (then fresh randomness is used). */
const increment = (digits: ReadonlyArray<number>): number[] | undefined => {
  const next = [...digits]
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 31) {
      next[i]! += 1
      return next
    }
    next[i] = 0
  }
  return undefined
}

/**
 * A ULID body: 10 chars of millisecond time, 16 chars of randomness (Crockford base32). Monotonic
 * within a process: lists ordered by id keep creation order even for rows made in one millisecond.
 */
export const ulid = (now: number = Date.now()): string => {
  let time = ""
  let t = now
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time
    t = Math.floor(t / 32)
  }
  const digits = (last?.time === now ? increment(last.digits) : undefined) ?? randomDigits()
  last = { time: now, digits }
  return time + digits.map((d) => CROCKFORD[d]).join("")
}

/** A new id with the given prefix, e.g. `newId("dev")` → `dev_01JD…`. */
export const newId = <P extends IdPrefix>(prefix: P, now?: number): `${P}_${string}` => `${prefix}_${ulid(now)}`

const idSchema = <B extends string>(prefix: IdPrefix, brand: B, what: string) =>
  Schema.String.pipe(
    Schema.pattern(new RegExp(`^${prefix}_[0-9A-Za-z]{1,64}$`), {
      message: () => `must be a ${what} id (${prefix}_…)`
    }),
    Schema.brand(brand),
    Schema.annotations({ description: `${what} id`, examples: [`${prefix}_01JD6Q0W3Z8N4K2V7H5R9T1B3C` as never] })
  )

export const TenantId = idSchema(IdPrefix.tenant, "TenantId", "Tenant")
export type TenantId = typeof TenantId.Type
export const SiteId = idSchema(IdPrefix.site, "SiteId", "Site")
export type SiteId = typeof SiteId.Type
export const DeviceId = idSchema(IdPrefix.device, "DeviceId", "Device")
export type DeviceId = typeof DeviceId.Type
export const AlarmId = idSchema(IdPrefix.alarm, "AlarmId", "Alarm")
export type AlarmId = typeof AlarmId.Type
export const ApiKeyId = idSchema(IdPrefix.apiKey, "ApiKeyId", "API key")
export type ApiKeyId = typeof ApiKeyId.Type
export const UserId = idSchema(IdPrefix.user, "UserId", "User")
export type UserId = typeof UserId.Type
export const ReceiptId = idSchema(IdPrefix.receipt, "ReceiptId", "Receipt")
export type ReceiptId = typeof ReceiptId.Type
export const DebtPositionId = idSchema(IdPrefix.debtPosition, "DebtPositionId", "Debt position")
export type DebtPositionId = typeof DebtPositionId.Type
export const InvoiceId = idSchema(IdPrefix.invoice, "InvoiceId", "Invoice")
export type InvoiceId = typeof InvoiceId.Type

export const CorrispettiviFileId = idSchema(IdPrefix.corrispettiviFile, "CorrispettiviFileId", "Corrispettivi file")
export type CorrispettiviFileId = typeof CorrispettiviFileId.Type
export const TransmissionId = idSchema(IdPrefix.transmission, "TransmissionId", "Transmission")
export type TransmissionId = typeof TransmissionId.Type
export const DistributionListId = idSchema(IdPrefix.distributionList, "DistributionListId", "Distribution list")
export type DistributionListId = typeof DistributionListId.Type
export const DigestDeliveryId = idSchema(IdPrefix.digestDelivery, "DigestDeliveryId", "Digest delivery")
export type DigestDeliveryId = typeof DigestDeliveryId.Type
export const AgentId = idSchema(IdPrefix.agent, "AgentId", "Agent")
export type AgentId = typeof AgentId.Type
export const AgentCommandId = idSchema(IdPrefix.agentCommand, "AgentCommandId", "Agent command")
export type AgentCommandId = typeof AgentCommandId.Type

/** ISO-8601 timestamp kept as a string on the wire and in stores (UTC, `…Z`). */
export const Timestamp = Schema.String.pipe(
  Schema.pattern(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/, {
    message: () => "must be an ISO-8601 date-time"
  }),
  Schema.annotations({ description: "ISO-8601 date-time", format: "date-time" } as never)
)
export type Timestamp = typeof Timestamp.Type

/** A calendar date `YYYY-MM-DD` (a fiscal day, a due date). */
export const CalendarDate = Schema.String.pipe(
  Schema.pattern(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: () => "must be a date YYYY-MM-DD" }),
  Schema.annotations({ description: "Calendar date YYYY-MM-DD", format: "date" } as never)
)
export type CalendarDate = typeof CalendarDate.Type
