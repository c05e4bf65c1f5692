import type { TenantId, TenantScope } from "@fisco/core"

/** Who is calling: an API key or a user holding a token, always inside one tenant and one mode. */
export interface Principal {
  readonly kind: "api_key" | "user"
  /** `key_…` or `usr_…`; recorded as the actor on acknowledgements. */
  readonly id: string
  readonly tenantId: TenantId
  readonly livemode: boolean
  readonly scopes: ReadonlyArray<string>
}

/** The tenant scope every store query of this caller runs in. */
export const scopeOf = (principal: Principal): TenantScope => ({ tenantId: principal.tenantId, livemode: principal.livemode })
