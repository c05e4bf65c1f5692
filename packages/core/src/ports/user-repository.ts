import type { User, UserRecord } from "../domain/access.js"
import type { TenantId, UserId } from "../domain/ids.js"

export interface UserRepository {
  /** Fails with `Conflict` when the e-mail is taken (e-mails are unique across the installation). */
  create(user: UserRecord): Promise<User>
  findByEmail(email: string): Promise<UserRecord | undefined>
  get(tenantId: TenantId, id: UserId): Promise<User | undefined>
  list(tenantId: TenantId): Promise<ReadonlyArray<User>>
  /** Replaces the business functions a user covers; undefined when the user does not exist in the tenant. */
  setFunctions(tenantId: TenantId, id: UserId, functions: ReadonlyArray<string>): Promise<User | undefined>
}
