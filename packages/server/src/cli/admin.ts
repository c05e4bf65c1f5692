import { createInterface } from "node:readline"
import { type ApiKey, IdPrefix, Role, type Store, type TenantId, User, type UserId, decodeInput, newId } from "@fisco/core"
import { hashPassword, issueApiKey } from "../index.js"
import { CliError } from "./cli-error.js"
import { DATA_DIR_FLAG, parseOptions, required } from "./options.js"
import { describeDatabase, openStore, runtimeConfig } from "./runtime.js"

export interface Io {
  readonly out: (line: string) => void
  readonly err: (line: string) => void
  readonly stdin: NodeJS.ReadableStream
}

const withStore = async <T>(flags: { "data-dir"?: string; "database-url"?: string }, fn: (store: Store) => Promise<T>) => {
  const store = await openStore(runtimeConfig(flags))
  try {
    await store.migrate()
    return await fn(store)
  } finally {
    await store.close()
  }
}

const requireTenant = async (store: Store, id: string) => {
  const tenant = await store.tenants.get(id as TenantId)
  if (!tenant) throw new CliError(`no tenant ${id}`)
  return tenant
}

const list = (value: string | undefined) => (value ?? "").split(",").map((s) => s.trim()).filter(Boolean)

/** `fisco migrate`: applies pending migrations and says which. */
export const migrate = async (argv: ReadonlyArray<string>, io: Io) => {
  const flags = parseOptions(argv, DATA_DIR_FLAG)
  const config = runtimeConfig(flags)
  const store = await openStore(config)
  try {
    const report = await store.migrate()
    io.out(JSON.stringify({ database: describeDatabase(config), ...report }, null, 2))
  } finally {
    await store.close()
  }
}

/** `fisco tenants create --name <name>` */
export const tenantsCreate = async (argv: ReadonlyArray<string>, io: Io) => {
  const flags = parseOptions(argv, { ...DATA_DIR_FLAG, name: { type: "string" } })
  const name = required(flags.name, "name")
  await withStore(flags, async (store) => {
    const tenant = await store.tenants.create({ id: newId(IdPrefix.tenant) as TenantId, name, createdAt: new Date().toISOString() })
    io.out(JSON.stringify(tenant, null, 2))
  })
}

/** `fisco keys create --tenant <id> [--name] [--live] [--scopes a,b] [--allowed-ips cidr,…] [--expires-in-days n]` */
export const keysCreate = async (argv: ReadonlyArray<string>, io: Io) => {
  const flags = parseOptions(argv, {
    ...DATA_DIR_FLAG,
    tenant: { type: "string" },
    name: { type: "string" },
    live: { type: "boolean" },
    scopes: { type: "string" },
    "allowed-ips": { type: "string" },
    "expires-in-days": { type: "string" }
  })
  const tenantId = required(flags.tenant, "tenant")
  const days = flags["expires-in-days"] === undefined ? undefined : Number(flags["expires-in-days"])
  if (days !== undefined && (!Number.isInteger(days) || days < 1)) throw new CliError("--expires-in-days must be a positive integer")
  await withStore(flags, async (store) => {
    await requireTenant(store, tenantId)
    const { key, secret }: { key: ApiKey; secret: string } = await issueApiKey(store, {
      tenantId: tenantId as TenantId,
      name: flags.name ?? "cli",
      livemode: flags.live === true,
      scopes: flags.scopes === undefined ? ["*"] : list(flags.scopes),
      allowedIps: list(flags["allowed-ips"]),
      ...(days === undefined ? {} : { expiresAt: new Date(Date.now() + days * 86_400_000).toISOString() })
    })
    io.out(JSON.stringify({ ...key, secret }, null, 2))
    io.err("fisco: store the secret now; it is kept only as a hash and cannot be shown again")
  })
}

const readPassword = async (stdin: NodeJS.ReadableStream): Promise<string> => {
  const rl = createInterface({ input: stdin })
  for await (const line of rl) {
    rl.close()
    return line
  }
  return ""
}

/**
 * `fisco users create --tenant <id> --email <e> --name <n> --role <role>`; the password is read from
 * the first line of stdin (or `FISCO_USER_PASSWORD`) so it never appears in the process list or shell history.
 */
export const usersCreate = async (argv: ReadonlyArray<string>, io: Io) => {
  const flags = parseOptions(argv, {
    ...DATA_DIR_FLAG,
    tenant: { type: "string" },
    email: { type: "string" },
    name: { type: "string" },
    role: { type: "string" }
  })
  const tenantId = required(flags.tenant, "tenant")
  const email = decodeInput(User.fields.email, required(flags.email, "email").toLowerCase(), "email")
  const role = decodeInput(Role, required(flags.role, "role"), "role")
  const password = process.env.FISCO_USER_PASSWORD ?? (await readPassword(io.stdin))
  if (password.length < 12) throw new CliError("the password (stdin or FISCO_USER_PASSWORD) must be at least 12 characters")
  await withStore(flags, async (store) => {
    await requireTenant(store, tenantId)
    const user = await store.users.create({
      id: newId(IdPrefix.user) as UserId,
      tenantId: tenantId as TenantId,
      email,
      name: flags.name ?? email,
      role,
      createdAt: new Date().toISOString(),
      passwordHash: await hashPassword(password)
    })
    io.out(JSON.stringify(user, null, 2))
  })
}
