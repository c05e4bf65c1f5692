import type { ApiKey, ApiKeyId, ApiKeyRecord, ApiKeyRepository, TenantId } from "@fisco/core"
import type { Selectable } from "kysely"
import { fromBool, fromJson, optional, orNull, toJson } from "../codec.js"
import type { ApiKeysTable } from "../database.js"
import type { StoreContext } from "../store-context.js"

/** The key as callers see it: never its hash. */
const decodeApiKey = (row: Selectable<ApiKeysTable>): ApiKey => ({
  id: row.id as ApiKeyId,
  tenantId: row.tenant_id as TenantId,
  name: row.name,
  livemode: fromBool(row.livemode),
  prefix: row.prefix,
  last4: row.last4,
  scopes: fromJson<ReadonlyArray<string>>(row.scopes),
  allowedIps: fromJson<ReadonlyArray<string>>(row.allowed_ips),
  createdAt: row.created_at,
  ...optional("expiresAt", row.expires_at),
  ...optional("lastUsedAt", row.last_used_at),
  ...optional("revokedAt", row.revoked_at)
})

const decodeApiKeyRecord = (row: Selectable<ApiKeysTable>): ApiKeyRecord => ({ ...decodeApiKey(row), hash: row.hash })

/** Keys are listed newest first. */
export const apiKeyRepository = ({ db, dialect }: StoreContext): ApiKeyRepository => ({
  create: async (key) => {
    const row = await db
      .insertInto("api_keys")
      .values({
        tenant_id: key.tenantId,
        id: key.id,
        livemode: dialect.bool(key.livemode),
        name: key.name,
        prefix: key.prefix,
        last4: key.last4,
        hash: key.hash,
        scopes: toJson(key.scopes),
        allowed_ips: toJson(key.allowedIps),
        created_at: key.createdAt,
        expires_at: orNull(key.expiresAt),
        last_used_at: orNull(key.lastUsedAt),
        revoked_at: orNull(key.revokedAt)
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    return decodeApiKey(row)
  },
  findByHash: async (hash) => {
    const row = await db.selectFrom("api_keys").selectAll().where("hash", "=", hash).executeTakeFirst()
    return row && decodeApiKeyRecord(row)
  },
  get: async (tenantId, id) => {
    const row = await db.selectFrom("api_keys").selectAll().where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst()
    return row && decodeApiKey(row)
  },
  list: async (tenantId) =>
    (await db.selectFrom("api_keys").selectAll().where("tenant_id", "=", tenantId).orderBy("id", "desc").execute()).map(decodeApiKey),
  /** Revoking twice keeps the first revocation time. */
  revoke: async (tenantId, id, at) => {
    const row = await db
      .updateTable("api_keys")
      .set((eb) => ({ revoked_at: eb.fn.coalesce("revoked_at", eb.val(at)) }))
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst()
    return row && decodeApiKey(row)
  },
  touch: async (id, at) => {
    await db.updateTable("api_keys").set({ last_used_at: at }).where("id", "=", id).execute()
  }
})
