import { Schema } from "effect"
import { ApiKeyId, TenantId, Timestamp, UserId } from "./ids.js"

/**
 * Scopes a credential may hold: `<resource>:<read|write>`. `*` grants everything within the tenant.
 * Later capabilities add their own (`receipts:write`, `debt-positions:read`…). `alerts` covers the
 * mail distribution lists and their digests, `monitor` the tenant's alarm thresholds. `agent` is the one
 * scope of a Fisco agent's key: it may read its devices and commands and push what it collected,
 * nothing else (and `*` does not need it spelled out).
 */
export const ScopeName = Schema.String.pipe(
  Schema.pattern(/^(\*|agent|[a-z][a-z-]*:(read|write))$/, { message: () => "must be a scope like devices:read, agent or *" })
)
export const BUILTIN_SCOPES = [
  "tenants:read",
  "tenants:write",
  "sites:read",
  "sites:write",
  "devices:read",
  "devices:write",
  "alarms:read",
  "alarms:write",
  "api-keys:read",
  "api-keys:write",
  "users:read",
  "users:write",
  "alerts:read",
  "alerts:write",
  "monitor:read",
  "monitor:write",
  "receipts:read",
  "receipts:write",
  "quadratura:read",
  "quadratura:write",
  "corrispettivi:read",
  "corrispettivi:write",
  "agent"
] as const

/** A scope is granted if held exactly, via `*`, or as `x:write` implying `x:read`. */
export const hasScope = (held: ReadonlyArray<string>, needed: string): boolean =>
  held.includes("*") || held.includes(needed) || (needed.endsWith(":read") && held.includes(needed.replace(/:read$/, ":write")))

export const Role = Schema.Literal("admin", "dealer", "operator", "accountant", "viewer")
export type Role = typeof Role.Type

/** What each role may do; `dealer` is the support role that installs and services devices. */
export const ROLE_SCOPES: Record<Role, ReadonlyArray<string>> = {
  admin: ["*"],
  dealer: ["tenants:read", "sites:write", "devices:write", "alarms:write", "users:read", "alerts:write", "monitor:write", "corrispettivi:write"],
  operator: ["tenants:read", "sites:read", "devices:read", "alarms:write", "alerts:read", "monitor:read", "corrispettivi:read"],
  accountant: ["tenants:read", "sites:read", "devices:read", "alarms:read", "alerts:read", "receipts:read", "quadratura:write", "corrispettivi:read"],
  viewer: ["tenants:read", "sites:read", "devices:read", "alarms:read", "alerts:read", "monitor:read", "corrispettivi:read"]
}

/** An API key as stored: only its SHA-256 hash, never the secret. */
export const ApiKey = Schema.Struct({
  id: ApiKeyId,
  tenantId: TenantId,
  name: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(100)),
  livemode: Schema.Boolean,
  /** First characters of the secret (`sk_test_AbC1`), to recognise a key in lists. */
  prefix: Schema.String,
  last4: Schema.String,
  scopes: Schema.Array(ScopeName),
  /** CIDR blocks or single addresses the key may be used from; empty = anywhere. */
  allowedIps: Schema.Array(Schema.String),
  createdAt: Timestamp,
  expiresAt: Schema.optional(Timestamp),
  lastUsedAt: Schema.optional(Timestamp),
  revokedAt: Schema.optional(Timestamp)
}).annotations({ identifier: "ApiKey" })
export type ApiKey = typeof ApiKey.Type
export interface ApiKeyRecord extends ApiKey {
  readonly hash: string
}

/**
 * A business function a user covers ("amministrazione", "assistenza-tecnica", "punto-vendita"):
 * free tags, because each customer organises itself differently. Mail distribution lists pick
 * users by function as well as by role. Compared without regard to case.
 */
export const FunctionTag = Schema.String.pipe(
  Schema.pattern(/^[\p{L}\p{N}][\p{L}\p{N} _-]{0,49}$/u, { message: () => "must be a short tag such as amministrazione or it" })
)

export const User = Schema.Struct({
  id: UserId,
  tenantId: TenantId,
  email: Schema.String.pipe(Schema.pattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: () => "must be an e-mail address" })),
  name: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)),
  role: Role,
  /** Business functions the user covers; absent when none. */
  functions: Schema.optional(Schema.Array(FunctionTag)),
  createdAt: Timestamp,
  disabledAt: Schema.optional(Timestamp)
}).annotations({ identifier: "User" })
export type User = typeof User.Type
export interface UserRecord extends User {
  /** bcrypt/argon2 hash; the store never sees the password. */
  readonly passwordHash: string
}
