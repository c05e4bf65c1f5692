import type { Migration, MigrationProvider } from "kysely"
import { initial } from "./0001-initial.js"
import { corrispettivi } from "./0002-corrispettivi.js"
import { agent } from "./0003-agent.js"
import { backOffice } from "./0004-back-office.js"
import { alerts } from "./0005-alerts.js"

/**
 * Every store migration by name. Names sort in the order they run; a new one takes the next
 * number (`0002_…`) and is never edited once released.
 */
export const storeMigrations: Readonly<Record<string, Migration>> = {
  "0001_initial": initial,
  "0002_corrispettivi": corrispettivi,
  "0003_agent": agent,
  "0004_back_office": backOffice,
  "0005_alerts": alerts
}

/** Serves the migrations from code, so the built package needs no migration folder on disk. */
export const storeMigrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...storeMigrations })
}
