import type { ApiKey, ApiKeyRecord } from "../domain/access.js"
import type { ApiKeyId, TenantId } from "../domain/ids.js"

export interface ApiKeyRepository {
  create(key: ApiKeyRecord): Promise<ApiKey>
  /** Looks a key up by the SHA-256 of its secret; this is how a request is authenticated. */
  findByHash(hash: string): Promise<ApiKeyRecord | undefined>
  get(tenantId: TenantId, id: ApiKeyId): Promise<ApiKey | undefined>
  list(tenantId: TenantId): Promise<ReadonlyArray<ApiKey>>
  revoke(tenantId: TenantId, id: ApiKeyId, at: string): Promise<ApiKey | undefined>
  touch(id: ApiKeyId, at: string): Promise<void>
}
