import type { Store } from "@fisco/core"
import { type Database, createKyselyStore } from "@fisco/store-kysely"
import { Kysely, PostgresDialect } from "kysely"
import type pg from "pg"
import { postgresStoreDialect } from "./store-dialect.js"
import { borrowPool, checkSchemaName, ownPool, useSchema } from "./store-pool.js"

export interface PostgresStoreOptions {
  /** `postgres://user:pass@host:5432/db`. Without it (and without `pool`) pg reads the PG* environment variables. */
  readonly connectionString?: string
  /**
   * An existing pool to run on; `close()` leaves it open. With `schema`, its connections get that
   * `search_path` for good, so lend the store a pool of its own.
   */
  readonly pool?: pg.Pool
  /**
   * Schema for every Fisco table (created by `migrate()` if missing), set as each connection's
   * `search_path`. Isolates test runs and lets several applications share one database.
   */
  readonly schema?: string
}

/**
 * The store for several server instances on one Postgres database. Call `migrate()` at start:
 * instances starting together serialise on a Postgres advisory lock, and each migration runs once.
 */
export const createPostgresStore = (options: PostgresStoreOptions = {}): Store => {
  const schema = options.schema === undefined ? undefined : checkSchemaName(options.schema)
  const dialect = new PostgresDialect({
    pool: options.pool ? borrowPool(options.pool) : ownPool(options.connectionString),
    ...(schema === undefined ? {} : { onCreateConnection: useSchema(schema) })
  })
  return createKyselyStore(new Kysely<Database>({ dialect }), { dialect: postgresStoreDialect(schema) })
}
