import type { TenantId } from "../domain/ids.js"

/** A stored outcome of a request made with an `Idempotency-Key`. */
export interface IdempotencyRecord {
  readonly tenantId: TenantId
  readonly key: string
  /** Hash of method + path + body: the same key with another request is refused (422). */
  readonly fingerprint: string
  readonly state: "in-flight" | "completed"
  readonly response?: { readonly status: number; readonly body: string; readonly headers: Record<string, string> }
  readonly createdAt: string
}

export type IdempotencyClaim =
  | { readonly claimed: true }
  | { readonly claimed: false; readonly existing: IdempotencyRecord }

export interface IdempotencyRepository {
  /** Atomically claims a key (insert-if-absent). Only one concurrent caller gets `claimed: true`. */
  claim(tenantId: TenantId, key: string, fingerprint: string, at: string): Promise<IdempotencyClaim>
  complete(tenantId: TenantId, key: string, response: NonNullable<IdempotencyRecord["response"]>): Promise<void>
  /** Drops an in-flight claim whose request failed before producing a response worth replaying. */
  release(tenantId: TenantId, key: string): Promise<void>
  /** Deletes records older than the given time (keys live ~24 h). */
  purge(olderThan: string): Promise<number>
}
