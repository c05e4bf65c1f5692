import {
  ApiKey,
  ApiKeyId,
  type Clock,
  IdPrefix,
  InvalidInput,
  NotFound,
  type Page,
  type PageRequest,
  type Store,
  type TenantId,
  type TenantScope,
  Timestamp,
  decodeInput,
  newId,
  systemClock
} from "@fisco/core"
import { Schema } from "effect"
import { generateApiKey, hashApiKey } from "../auth/api-key-secret.js"
import { ipAllowed, isIpOrCidr } from "../auth/ip-allowlist.js"
import type { Principal } from "../auth/principal.js"
import { Forbidden, IpNotAllowed, Unauthenticated } from "../errors.js"
import { GrantableScope, assertGrantable } from "./grants.js"
import { paginate } from "./page.js"

export const IpOrCidr = Schema.String.pipe(
  Schema.filter((s) => isIpOrCidr(s) || "must be an IP address or CIDR block such as 10.0.0.0/8"),
  Schema.annotations({ description: "IPv4/IPv6 address or CIDR block", examples: ["203.0.113.7", "10.0.0.0/8", "2001:db8::/32"] })
)

export const ApiKeyCreateInput = Schema.Struct({
  name: ApiKey.fields.name,
  scopes: Schema.NonEmptyArray(GrantableScope),
  /** Addresses the key may be used from; omitted or empty = anywhere. */
  allowedIps: Schema.optional(Schema.Array(IpOrCidr)),
  expiresAt: Schema.optional(Timestamp),
  /** Live or test key; defaults to the caller's mode. */
  livemode: Schema.optional(Schema.Boolean)
}).annotations({ identifier: "ApiKeyCreateInput" })

/** A new key as answered once: the stored metadata plus the secret, which is never shown again. */
export const CreatedApiKey = Schema.Struct({ ...ApiKey.fields, secret: Schema.String }).annotations({ identifier: "CreatedApiKey" })
export type CreatedApiKey = typeof CreatedApiKey.Type

/** `lastUsedAt` is refreshed at most this often, so authenticating is not a write per request. */
const TOUCH_INTERVAL_MS = 60_000

/** What an operator tool (CLI, sandbox bootstrap) asks for when it mints a key directly. */
export interface IssueApiKeyInput {
  readonly tenantId: TenantId
  readonly name: string
  readonly livemode: boolean
  readonly scopes: ReadonlyArray<string>
  readonly allowedIps?: ReadonlyArray<string>
  readonly expiresAt?: string
}

/**
 * Mints and stores an API key without checking who asks (operator tools). Validates like the API:
 * known scopes, IPs or CIDR blocks, an expiry in the future. The secret is returned once, here.
 */
export const issueApiKey = async (
  store: Store,
  input: IssueApiKeyInput,
  clock: Clock = systemClock
): Promise<{ readonly key: ApiKey; readonly secret: string }> => {
  const { tenantId, ...fields } = input
  const data = decodeInput(ApiKeyCreateInput, fields)
  const now = clock()
  if (data.expiresAt !== undefined && Date.parse(data.expiresAt) <= now.getTime()) {
    throw new InvalidInput({ issues: [{ path: "expiresAt", message: "must be in the future" }] })
  }
  const generated = generateApiKey(input.livemode)
  const key = await store.apiKeys.create({
    id: newId(IdPrefix.apiKey) as ApiKey["id"],
    tenantId,
    name: data.name,
    livemode: input.livemode,
    prefix: generated.prefix,
    last4: generated.last4,
    hash: generated.hash,
    scopes: data.scopes,
    allowedIps: data.allowedIps ?? [],
    createdAt: now.toISOString(),
    ...(data.expiresAt === undefined ? {} : { expiresAt: data.expiresAt })
  })
  return { key, secret: generated.secret }
}

export interface ApiKeyService {
  /**
   * Mints a key for a tenant. With a `grantor` (an API caller) the key cannot exceed the grantor's
   * scopes and a test-mode grantor can only mint test keys; operator tools omit it.
   */
  create(tenantId: TenantId, input: unknown, grantor?: Principal): Promise<CreatedApiKey>
  /** Keys of the scope's mode only: a test key never learns about live keys. */
  list(scope: TenantScope, page?: Partial<PageRequest>): Promise<Page<ApiKey>>
  revoke(scope: TenantScope, id: string): Promise<ApiKey>
  /** Resolves a presented secret to its caller, or fails with 401/403 errors. */
  authenticate(secret: string, clientIp: string | undefined): Promise<Principal>
}

export const createApiKeyService = (store: Store, clock: Clock): ApiKeyService => ({
  create: async (tenantId, input, grantor) => {
    const data = decodeInput(ApiKeyCreateInput, input)
    const livemode = data.livemode ?? grantor?.livemode ?? false
    if (grantor) {
      if (livemode && !grantor.livemode) throw new Forbidden({ reason: "a test-mode credential can only create test keys" })
      assertGrantable(grantor.scopes, data.scopes)
    }
    const { key, secret } = await issueApiKey(store, { ...data, tenantId, livemode }, clock)
    return { ...key, secret }
  },
  list: async (scope, page) => {
    const keys = await store.apiKeys.list(scope.tenantId)
    return paginate(
      keys.filter((k) => k.livemode === scope.livemode),
      page
    )
  },
  revoke: async (scope, id) => {
    const key = Schema.is(ApiKeyId)(id) ? await store.apiKeys.get(scope.tenantId, id) : undefined
    if (!key || key.livemode !== scope.livemode) throw new NotFound({ entity: "api key", id })
    if (key.revokedAt !== undefined) return key
    const revoked = await store.apiKeys.revoke(scope.tenantId, key.id, clock().toISOString())
    if (!revoked) throw new NotFound({ entity: "api key", id })
    return revoked
  },
  authenticate: async (secret, clientIp) => {
    const key = await store.apiKeys.findByHash(hashApiKey(secret))
    const now = clock()
    if (!key) throw new Unauthenticated({ reason: "invalid API key" })
    if (key.revokedAt !== undefined) throw new Unauthenticated({ reason: "API key revoked" })
    if (key.expiresAt !== undefined && Date.parse(key.expiresAt) <= now.getTime()) throw new Unauthenticated({ reason: "API key expired" })
    if (key.allowedIps.length > 0 && !ipAllowed(key.allowedIps, clientIp)) throw new IpNotAllowed({ ip: clientIp })
    if (key.lastUsedAt === undefined || now.getTime() - Date.parse(key.lastUsedAt) > TOUCH_INTERVAL_MS) {
      await store.apiKeys.touch(key.id, now.toISOString())
    }
    return { kind: "api_key", id: key.id, tenantId: key.tenantId, livemode: key.livemode, scopes: key.scopes }
  }
})
