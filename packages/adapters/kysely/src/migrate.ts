import type { MigrationReport } from "@fisco/core"
import { type Kysely, Migrator } from "kysely"
import { storeMigrationProvider } from "./migrations/index.js"
import type { StoreDialect } from "./store-dialect.js"

/** Bookkeeping tables, named apart from kysely's defaults so other migrators on the same database (the job scheduler's) keep their own history. */
export const STORE_MIGRATION_TABLE = "fisco_store_migration"
export const STORE_MIGRATION_LOCK_TABLE = "fisco_store_migration_lock"

/**
 * Applies pending migrations. Kysely's `Migrator` takes the dialect's migration lock (a Postgres
 * advisory lock; on SQLite the write lock of an immediate transaction) and re-reads what has run
 * under it, so processes starting together apply each migration once.
 */
export const migrateToLatest = async (db: Kysely<any>, dialect: StoreDialect): Promise<MigrationReport> => {
  const migrationTableSchema = await dialect.migrationSchema?.(db)
  const migrator = new Migrator({
    db,
    provider: storeMigrationProvider,
    migrationTableName: STORE_MIGRATION_TABLE,
    migrationLockTableName: STORE_MIGRATION_LOCK_TABLE,
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema })
  })
  const { error, results = [] } = await migrator.migrateToLatest()
  if (error !== undefined) throw error
  const migrations = await migrator.getMigrations()
  return {
    applied: results.filter((r) => r.status === "Success").map((r) => r.migrationName),
    current: migrations.filter((m) => m.executedAt !== undefined).map((m) => m.name)
  }
}
