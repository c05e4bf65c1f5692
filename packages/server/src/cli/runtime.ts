import { randomBytes } from "node:crypto"
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import type { Scheduler, Store } from "@fisco/core"
import { createPostgresStore, createPgBossScheduler } from "@fisco/store-postgres"
import { createSqliteScheduler, createSqliteStore } from "@fisco/store-sqlite"

export interface RuntimeConfig {
  /** Postgres connection string; when absent, SQLite under `dataDir`. */
  readonly databaseUrl?: string
  readonly dataDir: string
}

/** Reads where the data lives from flags, then the environment, then the default `./.fisco`. */
export const runtimeConfig = (flags: { "data-dir"?: string; "database-url"?: string }, env = process.env): RuntimeConfig => {
  const databaseUrl = flags["database-url"] ?? env.DATABASE_URL
  const dataDir = resolve(flags["data-dir"] ?? env.FISCO_DATA_DIR ?? ".fisco")
  return databaseUrl ? { databaseUrl, dataDir } : { dataDir }
}

export const describeDatabase = (config: RuntimeConfig): string =>
  config.databaseUrl ? `postgres ${redactUrl(config.databaseUrl)}` : `sqlite ${join(config.dataDir, "fisco.db")}`

/** Hides the password of a connection string before it reaches a terminal or a log. */
export const redactUrl = (url: string): string => {
  try {
    const u = new URL(url)
    if (u.password) u.password = "***"
    return u.toString()
  } catch {
    return "<unparseable url>"
  }
}

export const openStore = async (config: RuntimeConfig): Promise<Store> => {
  if (config.databaseUrl) return createPostgresStore({ connectionString: config.databaseUrl })
  mkdirSync(config.dataDir, { recursive: true })
  return createSqliteStore({ filename: join(config.dataDir, "fisco.db") })
}

export const openScheduler = async (config: RuntimeConfig): Promise<Scheduler> =>
  config.databaseUrl
    ? createPgBossScheduler({ connectionString: config.databaseUrl })
    : createSqliteScheduler({ filename: join(config.dataDir, "fisco.db") })

/**
 * The secret that signs user tokens: `FISCO_TOKEN_SECRET`, or one generated once and kept in the
 * data directory. Several instances behind one load balancer must share it through the environment.
 */
export const tokenSecret = (config: RuntimeConfig, env = process.env): string => {
  if (env.FISCO_TOKEN_SECRET) return env.FISCO_TOKEN_SECRET
  const file = join(config.dataDir, "token-secret")
  try {
    return readFileSync(file, "utf8").trim()
  } catch {
    mkdirSync(config.dataDir, { recursive: true })
    const secret = randomBytes(32).toString("base64url")
    writeFileSync(file, secret, { mode: 0o600 })
    return secret
  }
}
