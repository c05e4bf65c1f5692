import type { Role, TenantId, User, UserId, UserRecord, UserRepository } from "@fisco/core"
import type { Selectable } from "kysely"
import { fromJson, optional, orNull, toJson } from "../codec.js"
import { uniquely } from "../conflict.js"
import type { UsersTable } from "../database.js"
import type { StoreContext } from "../store-context.js"

/** `functions` is absent, not empty, for a user who covers none. */
const functionsOf = (json: string): { functions?: ReadonlyArray<string> } => {
  const functions = fromJson<ReadonlyArray<string>>(json)
  return functions.length > 0 ? { functions } : {}
}

/** The user as callers see it: never the password hash. */
const decodeUser = (row: Selectable<UsersTable>): User => ({
  id: row.id as UserId,
  tenantId: row.tenant_id as TenantId,
  email: row.email,
  name: row.name,
  role: row.role as Role,
  ...functionsOf(row.functions),
  createdAt: row.created_at,
  ...optional("disabledAt", row.disabled_at)
})

const decodeUserRecord = (row: Selectable<UsersTable>): UserRecord => ({ ...decodeUser(row), passwordHash: row.password_hash })

/** E-mails compare without regard to case: `Ann@x.it` and `ann@x.it` are one login. */
const emailKey = (email: string): string => email.trim().toLowerCase()

/** Users are listed newest first. */
export const userRepository = ({ db, dialect }: StoreContext): UserRepository => ({
  create: (user) =>
    uniquely(dialect, `a user with e-mail ${user.email} already exists`, async () => {
      const row = await db
        .insertInto("users")
        .values({
          tenant_id: user.tenantId,
          id: user.id,
          email: user.email,
          email_key: emailKey(user.email),
          name: user.name,
          role: user.role,
          password_hash: user.passwordHash,
          functions: toJson(user.functions ?? []),
          created_at: user.createdAt,
          disabled_at: orNull(user.disabledAt)
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      return decodeUser(row)
    }),
  findByEmail: async (email) => {
    const row = await db.selectFrom("users").selectAll().where("email_key", "=", emailKey(email)).executeTakeFirst()
    return row && decodeUserRecord(row)
  },
  get: async (tenantId, id) => {
    const row = await db.selectFrom("users").selectAll().where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst()
    return row && decodeUser(row)
  },
  list: async (tenantId) =>
    (await db.selectFrom("users").selectAll().where("tenant_id", "=", tenantId).orderBy("id", "desc").execute()).map(decodeUser),
  setFunctions: async (tenantId, id, functions) => {
    const row = await db
      .updateTable("users")
      .set({ functions: toJson(functions) })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst()
    return row && decodeUser(row)
  }
})
