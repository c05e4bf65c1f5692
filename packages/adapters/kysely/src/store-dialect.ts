import type { Kysely, SqlBool } from "kysely"

/**
 * What differs between the databases the store runs on. The SQLite and Postgres adapters each
 * supply one, so the repositories are written once with no `if (dialect === …)` branches.
 */
export interface StoreDialect {
  /** Reported as `Store.dialect` ("sqlite", "postgres"). */
  readonly name: string
  /** How a boolean is bound as a parameter: Postgres takes `true`, SQLite only numbers (`1`). */
  readonly bool: (value: boolean) => SqlBool
  /** Whether a driver error is a unique-constraint violation (it becomes a domain `Conflict`). */
  readonly isUniqueViolation: (error: unknown) => boolean
  /**
   * Schema holding the migration bookkeeping, for databases with schemas. Without it kysely would
   * look for its tables in every schema and could mistake another schema's for ours.
   */
  readonly migrationSchema?: (db: Kysely<unknown>) => Promise<string | undefined>
}
