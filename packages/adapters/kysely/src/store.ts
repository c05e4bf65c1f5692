import type { Store } from "@fisco/core"
import { type Kysely, sql } from "kysely"
import type { Database } from "./database.js"
import { migrateToLatest } from "./migrate.js"
import { repositories } from "./repositories.js"
import type { StoreDialect } from "./store-dialect.js"

export interface KyselyStoreOptions {
  /** What differs between databases; supplied by `@fisco/store-sqlite` or `@fisco/store-postgres`. */
  readonly dialect: StoreDialect
  /**
   * Whether `close()` destroys `db`. Default true; false when the kysely instance is shared with
   * something else (the job scheduler) that closes it.
   */
  readonly ownsDatabase?: boolean
}

/**
 * The `Store` port over a kysely instance. All lists are newest first (ids are ULID-based, so that
 * is reverse creation order; status history is ordered by `observedAt`).
 *
 * Inside `transaction(fn)` use only the repositories `fn` receives: on SQLite the store has a
 * single connection, and the outer repositories would wait for the transaction that holds it.
 */
export const createKyselyStore = (db: Kysely<Database>, options: KyselyStoreOptions): Store => {
  const { dialect, ownsDatabase = true } = options
  return {
    ...repositories({ db, dialect }),
    dialect: dialect.name,
    transaction: (fn) => db.transaction().execute((trx) => fn(repositories({ db: trx, dialect }))),
    migrate: () => migrateToLatest(db, dialect),
    ping: async () => {
      await sql`select 1`.execute(db)
    },
    close: async () => {
      if (ownsDatabase) await db.destroy()
    }
  }
}
