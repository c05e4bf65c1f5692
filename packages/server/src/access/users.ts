import {
  type Clock,
  FunctionTag,
  IdPrefix,
  NotFound,
  type Page,
  type PageRequest,
  ROLE_SCOPES,
  Role,
  type Store,
  type TenantId,
  User,
  UserId,
  decodeInput,
  newId
} from "@fisco/core"
import { Schema } from "effect"
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH, hashPassword, verifyPassword } from "../auth/password.js"
import type { Principal } from "../auth/principal.js"
import { Unauthenticated } from "../errors.js"
import { assertGrantable } from "./grants.js"
import { paginate } from "./page.js"

export const Password = Schema.String.pipe(
  Schema.minLength(PASSWORD_MIN_LENGTH, { message: () => `must be at least ${PASSWORD_MIN_LENGTH} characters` }),
  Schema.filter((p) => new TextEncoder().encode(p).byteLength <= PASSWORD_MAX_BYTES || `must be at most ${PASSWORD_MAX_BYTES} bytes`),
  Schema.annotations({ description: `${PASSWORD_MIN_LENGTH} characters to ${PASSWORD_MAX_BYTES} bytes`, format: "password" } as never)
)

export const UserCreateInput = Schema.Struct({
  email: User.fields.email,
  name: User.fields.name,
  role: Role,
  /** Business functions the user covers, which mail distribution lists can target. */
  functions: Schema.optional(Schema.Array(FunctionTag)),
  password: Password
}).annotations({ identifier: "UserCreateInput" })

/** What `PATCH /v1/users/{id}` may change. */
export const UserPatchInput = Schema.Struct({
  functions: Schema.Array(FunctionTag)
}).annotations({ identifier: "UserPatchInput" })

export interface UserService {
  /** Creates a user; with a `grantor`, only in a role whose scopes the grantor holds. */
  create(tenantId: TenantId, input: unknown, grantor?: Principal): Promise<User>
  get(tenantId: TenantId, id: string): Promise<User>
  list(tenantId: TenantId, page?: Partial<PageRequest>): Promise<Page<User>>
  /** Changes what the patch names (the user's business functions). */
  update(tenantId: TenantId, id: string, patch: unknown): Promise<User>
  /** The enabled user with these credentials; otherwise `Unauthenticated`, never saying which part was wrong. */
  login(email: string, password: string): Promise<User>
}

const INVALID_LOGIN = "invalid email or password"

/** Store rows minus the password hash: what leaves the service. */
const publicUser = ({ passwordHash: _, ...user }: User & { readonly passwordHash?: string }): User => user

export const createUserService = (store: Store, clock: Clock): UserService => {
  // Compared against when the e-mail is unknown, so both failures cost one bcrypt check.
  let decoy: Promise<string> | undefined
  const decoyHash = () => (decoy ??= hashPassword("decoy password, never valid"))

  return {
    create: async (tenantId, input, grantor) => {
      const data = decodeInput(UserCreateInput, input)
      if (grantor) assertGrantable(grantor.scopes, ROLE_SCOPES[data.role])
      const user = await store.users.create({
        id: newId(IdPrefix.user) as User["id"],
        tenantId,
        email: data.email.toLowerCase(),
        name: data.name,
        role: data.role,
        ...(data.functions && data.functions.length > 0 ? { functions: data.functions } : {}),
        createdAt: clock().toISOString(),
        passwordHash: await hashPassword(data.password)
      })
      return publicUser(user)
    },
    get: async (tenantId, id) => {
      const user = Schema.is(UserId)(id) ? await store.users.get(tenantId, id) : undefined
      if (!user) throw new NotFound({ entity: "user", id })
      return publicUser(user)
    },
    update: async (tenantId, id, patch) => {
      const { functions } = decodeInput(UserPatchInput, patch)
      const user = Schema.is(UserId)(id) ? await store.users.setFunctions(tenantId, id, functions) : undefined
      if (!user) throw new NotFound({ entity: "user", id })
      return publicUser(user)
    },
    list: async (tenantId, page) => {
      const users = await store.users.list(tenantId)
      return paginate(users.map(publicUser), page)
    },
    login: async (email, password) => {
      const user = await store.users.findByEmail(email.toLowerCase())
      const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()))
      if (!user || !ok || user.disabledAt !== undefined) throw new Unauthenticated({ reason: INVALID_LOGIN })
      return publicUser(user)
    }
  }
}
