import { Schema } from "effect"
import { SiteId, TenantId, Timestamp } from "./ids.js"

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/** IANA time zone; fiscal days (Z closures, corrispettivi dates) are counted in the site's zone. */
export const TimeZone = Schema.String.pipe(
  Schema.filter((tz) => isTimeZone(tz) || "must be an IANA time zone such as Europe/Rome"),
  Schema.annotations({ description: "IANA time zone", examples: ["Europe/Rome"] })
)

export const Address = Schema.Struct({
  line1: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)),
  line2: Schema.optional(Schema.String.pipe(Schema.maxLength(200))),
  city: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(100)),
  postalCode: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(20)),
  /** Province or state code (IT: "MI", BR: "SP"). */
  region: Schema.optional(Schema.String.pipe(Schema.maxLength(50))),
  /** ISO 3166-1 alpha-2. */
  country: Schema.String.pipe(Schema.pattern(/^[A-Z]{2}$/, { message: () => "must be an ISO 3166-1 alpha-2 code" }))
}).annotations({ identifier: "Address" })
export type Address = typeof Address.Type

/** A shop or branch where devices sit. */
export const Site = Schema.Struct({
  id: SiteId,
  tenantId: TenantId,
  livemode: Schema.Boolean,
  name: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)),
  /** The tenant's own code for the site (store number in the back office). */
  externalRef: Schema.optional(Schema.String.pipe(Schema.maxLength(100))),
  address: Address,
  timezone: TimeZone,
  createdAt: Timestamp,
  updatedAt: Timestamp
}).annotations({ identifier: "Site" })
export type Site = typeof Site.Type

export const SiteInput = Schema.Struct({
  name: Site.fields.name,
  externalRef: Site.fields.externalRef,
  address: Address,
  timezone: TimeZone
}).annotations({ identifier: "SiteInput" })
export type SiteInput = typeof SiteInput.Type
