import type { StoreDialect } from "@fisco/store-kysely"
import { sql } from "kysely"

/** SQLSTATE of a unique-constraint violation. */
const UNIQUE_VIOLATION = "23505"

/**
 * Postgres binds real booleans. The migration bookkeeping lives in the configured schema, or the
 * connection's current one, so stores in different schemas of one database never share it.
 */
export const postgresStoreDialect = (schema?: string): StoreDialect => ({
  name: "postgres",
  bool: (value) => value,
  isUniqueViolation: (error) => typeof error === "object" && error !== null && (error as { code?: unknown }).code === UNIQUE_VIOLATION,
  migrationSchema: async (db) => {
    if (schema !== undefined) return schema
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)
    return rows[0]?.schema ?? undefined
  }
})
