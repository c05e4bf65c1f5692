import type { IdempotencyRecord, IdempotencyRepository, TenantId } from "@fisco/core"
import type { Selectable } from "kysely"
import { fromJson, optional, toJson } from "../codec.js"
import type { IdempotencyKeysTable } from "../database.js"
import type { StoreContext } from "../store-context.js"

const decodeRecord = (row: Selectable<IdempotencyKeysTable>): IdempotencyRecord => ({
  tenantId: row.tenant_id as TenantId,
  key: row.key,
  fingerprint: row.fingerprint,
  state: row.state as IdempotencyRecord["state"],
  ...optional("response", row.response === null ? null : fromJson<NonNullable<IdempotencyRecord["response"]>>(row.response)),
  createdAt: row.created_at
})

/**
 * A claim that loses the insert reads the winner's record; if the winner released it in between,
 * the claim is tried again. Three rounds is plenty: each lost round means another request both
 * claimed and gave up on the key in the meantime.
 */
const CLAIM_ROUNDS = 3

export const idempotencyRepository = ({ db }: StoreContext): IdempotencyRepository => {
  const ofKey = (tenantId: TenantId, key: string) => db.selectFrom("idempotency_keys").selectAll().where("tenant_id", "=", tenantId).where("key", "=", key)
  return {
    claim: async (tenantId, key, fingerprint, at) => {
      for (let round = 0; round < CLAIM_ROUNDS; round++) {
        const inserted = await db
          .insertInto("idempotency_keys")
          .values({ tenant_id: tenantId, key, fingerprint, state: "in-flight", response: null, created_at: at })
          .onConflict((oc) => oc.columns(["tenant_id", "key"]).doNothing())
          .returning("key")
          .executeTakeFirst()
        if (inserted) return { claimed: true }
        const existing = await ofKey(tenantId, key).executeTakeFirst()
        if (existing) return { claimed: false, existing: decodeRecord(existing) }
      }
      throw new Error(`idempotency key ${key} kept changing hands while being claimed`)
    },
    complete: async (tenantId, key, response) => {
      await db
        .updateTable("idempotency_keys")
        .set({ state: "completed", response: toJson(response) })
        .where("tenant_id", "=", tenantId)
        .where("key", "=", key)
        .execute()
    },
    /** Only an in-flight claim is dropped: a completed response stays replayable until purged. */
    release: async (tenantId, key) => {
      await db.deleteFrom("idempotency_keys").where("tenant_id", "=", tenantId).where("key", "=", key).where("state", "=", "in-flight").execute()
    },
    purge: async (olderThan) => {
      const result = await db.deleteFrom("idempotency_keys").where("created_at", "<", olderThan).executeTakeFirst()
      return Number(result.numDeletedRows)
    }
  }
}
