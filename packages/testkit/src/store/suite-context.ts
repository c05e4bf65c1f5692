import type { MigrationReport, Store } from "@fisco/core"

/** What each section of the suite reads once `beforeAll` has created and migrated the store. */
export interface SuiteContext {
  readonly store: () => Store
  /** The report of the suite's first `migrate()`, on the empty database `create` returned. */
  readonly firstMigration: () => MigrationReport
}
