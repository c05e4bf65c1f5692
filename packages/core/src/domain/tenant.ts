import { Schema } from "effect"
import { TenantId, Timestamp } from "./ids.js"

/** A customer of the Fisco installation: a dealer, a retail chain, a creditor body. Owns everything else. */
export const Tenant = Schema.Struct({
  id: TenantId,
  name: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)),
  createdAt: Timestamp
}).annotations({ identifier: "Tenant" })
export type Tenant = typeof Tenant.Type

/**
 * What every tenant-owned query is scoped by: the tenant, and whether it is live or test data.
 * A `sk_test_` key only ever sees `livemode: false` rows, so a sandbox key can never reach a live device.
 */
export interface TenantScope {
  readonly tenantId: TenantId
  readonly livemode: boolean
}
