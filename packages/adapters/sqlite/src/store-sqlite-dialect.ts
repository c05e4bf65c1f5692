import type BetterSqlite3 from "better-sqlite3"
import {
  CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  Kysely,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver
} from "kysely"
import { openSqliteDatabase } from "./store-database.js"

/**
 * Transactions begin `IMMEDIATE`: the write lock is taken up front, so a transaction that reads
 * then writes never fails half-way because another connection (another process migrating the
 * same file, say) wrote in between; it waits on the busy timeout instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"))
  }
}

/**
 * SQLite runs DDL inside transactions; telling kysely so makes its `Migrator` apply all pending
 * migrations in one (immediate) transaction. That transaction's write lock is the migration lock:
 * a second process migrating the same file waits, then finds the migrations already applied.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}

/** Kysely's SQLite dialect with immediate transactions and transactional migrations. */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig
  constructor(config: SqliteDialectConfig) {
    super(config)
    this.#config = config
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config)
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter()
  }
}

/**
 * A kysely instance over a SQLite file (or `:memory:`), opened with `openSqliteDatabase`. Kysely
 * serialises everything on its single connection, so the store and the job scheduler of one
 * process can share it safely.
 */
export const openSqliteKysely = <DB = any>(source: string | BetterSqlite3.Database): Kysely<DB> =>
  new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: typeof source === "string" ? openSqliteDatabase(source) : source }) })
