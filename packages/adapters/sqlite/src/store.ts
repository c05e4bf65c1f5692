import type { Store } from "@fisco/core"
import { type Database, createKyselyStore } from "@fisco/store-kysely"
import type { Kysely } from "kysely"
import { sqliteStoreDialect } from "./store-dialect.js"
import { openSqliteKysely } from "./store-sqlite-dialect.js"

export type SqliteStoreOptions =
  /** A database file (parent directories are created) or `":memory:"`; the store opens and closes it. */
  | { readonly filename: string }
  /** A kysely instance from `openSqliteKysely`, shared with the job scheduler; `close()` leaves it open. */
  | { readonly kysely: Kysely<any> }

/**
 * The embedded store: one SQLite file in WAL mode. Call `migrate()` before first use. Meant for
 * a single server instance; several instances need `@fisco/store-postgres`.
 */
export const createSqliteStore = (options: SqliteStoreOptions): Store => {
  const db: Kysely<Database> = "kysely" in options ? options.kysely : openSqliteKysely<Database>(options.filename)
  return createKyselyStore(db, { dialect: sqliteStoreDialect, ownsDatabase: !("kysely" in options) })
}
