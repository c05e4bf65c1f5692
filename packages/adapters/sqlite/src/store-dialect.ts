import type { StoreDialect } from "@fisco/store-kysely"

/** better-sqlite3 reports constraint failures with extended result codes. */
const UNIQUE_CODES = new Set(["SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"])

/** SQLite binds booleans as 0/1 and has no schemas. */
export const sqliteStoreDialect: StoreDialect = {
  name: "sqlite",
  bool: (value) => (value ? 1 : 0),
  isUniqueViolation: (error) => typeof error === "object" && error !== null && UNIQUE_CODES.has((error as { code?: unknown }).code as string)
}
