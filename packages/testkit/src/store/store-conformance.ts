import type { MigrationReport, Store } from "@fisco/core"
import { afterAll, beforeAll, describe } from "vitest"
import { agentTests } from "./agents.js"
import { alarmTests } from "./alarms.js"
import { alertTests } from "./alerts.js"
import { apiKeyTests } from "./api-keys.js"
import { corrispettiviTests } from "./corrispettivi.js"
import { backOfficeReceiptTests } from "./back-office-receipts.js"
import { deviceStatusTests } from "./device-statuses.js"
import { deviceTests } from "./devices.js"
import { idempotencyTests } from "./idempotency.js"
import { isolationTests } from "./isolation.js"
import { migrationTests } from "./migrations.js"
import { siteTests } from "./sites.js"
import type { SuiteContext } from "./suite-context.js"
import { tenantTests } from "./tenants.js"
import { transactionTests } from "./transactions.js"
import { userTests } from "./users.js"

export interface StoreConformanceOptions {
  /** Shown in the suite's title, e.g. "sqlite (file)". */
  readonly name: string
  /**
   * Returns a store on an EMPTY database, not yet migrated: the suite's first `migrate()` must
   * apply every migration. Called once; every test makes its own tenants, so rows accumulate.
   */
  readonly create: () => Promise<Store>
  /** Tears the store down; default `store.close()`. */
  readonly destroy?: (store: Store) => Promise<void>
}

/**
 * Registers the store conformance suite with vitest: every `Store` implementation must pass it
 * unchanged. Call it at the top level of a test file (or inside a `describe`).
 */
export const storeConformance = (options: StoreConformanceOptions): void => {
  describe(`store conformance: ${options.name}`, () => {
    let store: Store | undefined
    let firstMigration: MigrationReport | undefined
    const ctx: SuiteContext = {
      store: () => {
        if (!store) throw new Error("the store was not created (see the beforeAll error)")
        return store
      },
      firstMigration: () => {
        if (!firstMigration) throw new Error("the store was not migrated (see the beforeAll error)")
        return firstMigration
      }
    }

    beforeAll(async () => {
      store = await options.create()
      firstMigration = await store.migrate()
    })
    afterAll(async () => {
      if (store) await (options.destroy ?? ((s: Store) => s.close()))(store)
    })

    migrationTests(ctx)
    tenantTests(ctx)
    siteTests(ctx)
    deviceTests(ctx)
    deviceStatusTests(ctx)
    alarmTests(ctx)
    isolationTests(ctx)
    transactionTests(ctx)
    apiKeyTests(ctx)
    userTests(ctx)
    idempotencyTests(ctx)
    corrispettiviTests(ctx)
    alertTests(ctx)
    backOfficeReceiptTests(ctx)
    agentTests(ctx)
  })
}
