import type { AgentCommandRepository } from "./agent-command-repository.js"
import type { AgentRepository } from "./agent-repository.js"
import type { AlarmRepository } from "./alarm-repository.js"
import type { CorrispettiviRepository } from "./corrispettivi-repository.js"
import type { TransmissionRepository } from "./transmission-repository.js"
import type { ApiKeyRepository } from "./api-key-repository.js"
import type { BackOfficeReceiptRepository } from "./back-office-receipt-repository.js"
import type { DeviceRepository } from "./device-repository.js"
import type { DeviceStatusRepository } from "./device-status-repository.js"
import type { DigestDeliveryRepository, DistributionListRepository } from "./distribution-list-repository.js"
import type { IdempotencyRepository } from "./idempotency-repository.js"
import type { SiteRepository } from "./site-repository.js"
import type { TenantRepository } from "./tenant-repository.js"
import type { TenantSettingsRepository } from "./tenant-settings-repository.js"
import type { UserRepository } from "./user-repository.js"

/** The repositories of every aggregate, as one unit of work. */
export interface Repositories {
  readonly tenants: TenantRepository
  readonly sites: SiteRepository
  readonly devices: DeviceRepository
  readonly deviceStatuses: DeviceStatusRepository
  readonly alarms: AlarmRepository
  readonly apiKeys: ApiKeyRepository
  readonly users: UserRepository
  readonly idempotency: IdempotencyRepository
  /** The corrispettivi archive (AdE files and their per-VAT index). */
  readonly corrispettivi: CorrispettiviRepository
  /** The transmission record of each device's Z. */
  readonly transmissions: TransmissionRepository
  readonly distributionLists: DistributionListRepository
  readonly digestDeliveries: DigestDeliveryRepository
  readonly tenantSettings: TenantSettingsRepository
  readonly backOfficeReceipts: BackOfficeReceiptRepository
  readonly agents: AgentRepository
  readonly agentCommands: AgentCommandRepository
}

export interface MigrationReport {
  /** Names of the migrations applied by this call, in order; empty when already up to date. */
  readonly applied: ReadonlyArray<string>
  /** Every migration the database now has. */
  readonly current: ReadonlyArray<string>
}

/**
 * Persistence port. Adapters (`@fisco/store-sqlite`, `@fisco/store-postgres`) implement it; the
 * shared conformance suite in `@fisco/testkit` holds them to the same behaviour.
 * Every tenant-owned query takes a `TenantScope`; nothing reads across tenants.
 */
export interface Store extends Repositories {
  /** Which backend this is ("sqlite", "postgres"), for logs and health checks. */
  readonly dialect: string
  /** Runs `fn` in one transaction: all its writes land, or none. */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>
  /** Applies pending versioned migrations; safe to call from several processes at once. */
  migrate(): Promise<MigrationReport>
  /** Cheap round-trip used by `/readyz`. */
  ping(): Promise<void>
  close(): Promise<void>
}
