/**
 * @module @fisco/testkit/postgres
 * The Postgres the tests of Fisco (and of third-party adapters) run against: `DATABASE_URL`, or the
 * local default with trust auth. When it is down the suites fail under CI (`CI=true`) and are
 * skipped loudly elsewhere, so a laptop without Postgres still runs everything else.
 */
import { randomBytes } from "node:crypto"
import pg from "pg"

export const testDatabaseUrl = (): string => process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"

/** The URL with any password masked, fit for a log line. */
export const printableUrl = (url: string): string => {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = "***"
    return parsed.toString()
  } catch {
    return "<unparseable url>"
  }
}

const probe = async (url: string): Promise<string | undefined> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 })
  try {
    await client.connect()
    await client.query("select 1")
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  } finally {
    await client.end().catch(() => undefined)
  }
}

/**
 * Whether the Postgres tests of `suite` should run. Throws under `CI=true` when Postgres does not
 * answer; otherwise warns and returns false. Prints which server a run uses, so CI logs show it ran.
 */
export const postgresAvailable = async (suite: string, url = testDatabaseUrl()): Promise<boolean> => {
  const reason = await probe(url)
  if (reason === undefined) {
    console.info(`${suite}: running against ${printableUrl(url)}`)
    return true
  }
  const message = `${suite}: Postgres unreachable at ${printableUrl(url)} (${reason})`
  if (process.env.CI === "true") throw new Error(`${message}; CI requires it`)
  console.warn(`\n!!! ${message} — SKIPPING these Postgres tests. Start Postgres or set DATABASE_URL to run them.\n`)
  return false
}

/** A fresh identifier per run (`fisco_t_<hex>`), for schemas and databases that must not collide. */
export const freshName = (prefix = "fisco_t"): string => `${prefix}_${randomBytes(6).toString("hex")}`

const admin = async <T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

export const dropSchema = (url: string, schema: string): Promise<void> =>
  admin(url, async (c) => void (await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)))

/** Creates an empty database beside the test one (for whole-process tests); `drop()` removes it. */
export const createTestDatabase = async (url = testDatabaseUrl()): Promise<{ readonly url: string; readonly drop: () => Promise<void> }> => {
  const name = freshName("fisco_db")
  await admin(url, (c) => c.query(`CREATE DATABASE "${name}"`))
  const own = new URL(url)
  own.pathname = `/${name}`
  return {
    url: own.toString(),
    drop: () => admin(url, async (c) => void (await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)))
  }
}
