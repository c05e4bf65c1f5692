import type { SqlBool } from "kysely"

/**
 * Table shapes as kysely sees them. Portable across SQLite and Postgres: JSON is stored as text,
 * timestamps as ISO-8601 text (they sort as text), booleans as `boolean` columns that SQLite keeps
 * as 0/1 — hence `SqlBool`, and the dialect's `bool` when binding one.
 */

export interface TenantsTable {
  id: string
  name: string
  created_at: string
}

/** Columns every tenant-owned table in a `TenantScope` starts with. */
export interface ScopedColumns {
  tenant_id: string
  livemode: SqlBool
}

export interface SitesTable extends ScopedColumns {
  id: string
  name: string
  external_ref: string | null
  /** JSON `Address`. */
  address: string
  timezone: string
  created_at: string
  updated_at: string
}

export interface DevicesTable extends ScopedColumns {
  id: string
  site_id: string
  kind: string
  name: string | null
  vendor: string
  model: string
  serial: string
  driver_id: string
  /** JSON driver configuration. */
  driver_config: string
  connectivity: string
  created_at: string
  updated_at: string
}

export interface DeviceStatusesTable extends ScopedColumns {
  device_id: string
  observed_at: string
  health: string
  /** JSON array of `Condition`. */
  conditions: string
  day_open: SqlBool | null
  firmware: string | null
  /** The matricola the device answered with, when the driver reads it. */
  serial: string | null
  device_time: string | null
  raw_format: string
  raw_body: string
}

export interface AlarmsTable extends ScopedColumns {
  id: string
  type: string
  severity: string
  device_id: string | null
  site_id: string | null
  dedupe_key: string
  state: string
  message: string
  /** JSON object. */
  details: string
  occurrences: number
  raised_at: string
  last_seen_at: string
  acknowledged_at: string | null
  acknowledged_by: string | null
  cleared_at: string | null
}

export interface ApiKeysTable extends ScopedColumns {
  id: string
  name: string
  prefix: string
  last4: string
  hash: string
  /** JSON array of scope names. */
  scopes: string
  /** JSON array of CIDR blocks. */
  allowed_ips: string
  created_at: string
  expires_at: string | null
  last_used_at: string | null
  revoked_at: string | null
}

export interface UsersTable {
  tenant_id: string
  id: string
  email: string
  /** Lower-cased e-mail: uniqueness and look-ups ignore case, the stored `email` keeps it. */
  email_key: string
  name: string
  role: string
  password_hash: string
  /** JSON array of business functions (`FunctionTag`). */
  functions: string
  created_at: string
  disabled_at: string | null
}

export interface IdempotencyKeysTable {
  tenant_id: string
  key: string
  fingerprint: string
  state: string
  /** JSON `{ status, body, headers }` once completed. */
  response: string | null
  created_at: string
}

export interface CorrispettiviFilesTable extends ScopedColumns {
  id: string
  device_id: string | null
  matricola: string | null
  kind: string
  day: string | null
  z_number: number | null
  file_name: string | null
  source: string
  sha256: string
  size: number
  simulation: SqlBool | null
  verification_state: string
  /** JSON `FileVerification`. */
  verification: string
  /** JSON `EsitoOutcome`. */
  esito: string | null
  /** JSON `InactivePeriod`. */
  inactive_period: string | null
  /** JSON `DeviceEvent`. */
  event: string | null
  received_at: string
  created_at: string
}

export interface CorrispettiviXmlTable extends ScopedColumns {
  file_id: string
  xml: string
}

/** Amounts are `bigint` columns: Postgres returns them as strings, hence `number | string`. */
export interface CorrispettiviVatRowsTable extends ScopedColumns {
  file_id: string
  position: number
  device_id: string | null
  matricola: string | null
  day: string
  z_number: number | null
  vat_kind: string
  vat_rate: number | null
  vat_natura: string | null
  amount: number | string
  tax: number | string
  returns: number | string
  voids: number | string
  verified: SqlBool
}

export interface TransmissionsTable extends ScopedColumns {
  id: string
  device_id: string
  z_number: number
  day: string | null
  state: string
  transmission_id: string | null
  ade_code: string | null
  ade_description: string | null
  /** JSON array of `{ code, description }`. */
  errors: string
  corrispettivi_file_id: string | null
  esito_file_id: string | null
  sent_at: string | null
  outcome_at: string | null
  created_at: string
  updated_at: string
}

export interface DistributionListsTable extends ScopedColumns {
  id: string
  name: string
  /** JSON arrays of `ListRecipient`, `Role`, function tags. */
  recipients: string
  roles: string
  functions: string
  cron: string
  timezone: string
  /** JSON `DigestFilters`. */
  filters: string
  send_when_empty: SqlBool
  created_at: string
  updated_at: string
}

export interface DigestDeliveriesTable extends ScopedColumns {
  id: string
  list_id: string
  run_key: string
  trigger: string
  outcome: string
  reason: string | null
  recipient_count: number
  alarm_count: number
  message_id: string | null
  started_at: string
  finished_at: string | null
}

export interface TenantSettingsTable extends ScopedColumns {
  /** JSON `MonitorThresholdsOverride`. */
  monitor_thresholds: string
  updated_at: string
}

export interface BackOfficeReceiptsTable extends ScopedColumns {
  id: string
  device_id: string
  site_id: string
  document_id: string
  business_day: string
  kind: string
  currency: string
  /** bigint: Postgres returns it as a string. */
  total: number | string
  content: string
  print_state: string
  print: string
  created_at: string
  updated_at: string
}

/** One row per back-office receipt and VAT code: the gross amount booked at that code. */
export interface BackOfficeReceiptVatTable extends ScopedColumns {
  receipt_id: string
  device_id: string
  site_id: string
  business_day: string
  kind: string
  vat_key: string
  gross: number | string
}

export interface AgentsTable extends ScopedColumns {
  id: string
  name: string
  version: string
  last_seen_at: string
  queue_items: number
  queue_bytes: number
  queue_full: SqlBool
  dropped_log: number
  dropped_status: number
  created_at: string
}

export interface AgentDeliveriesTable extends ScopedColumns {
  agent_id: string
  item_id: string
  kind: string
  delivered_at: string
}

export interface AgentLogsTable extends ScopedColumns {
  agent_id: string
  item_id: string
  at: string
  level: string
  message: string
  device_id: string | null
}

export interface AgentCommandsTable extends ScopedColumns {
  id: string
  device_id: string
  kind: string
  /** JSON `SaleDocument`. */
  payload: string
  /** JSON `DocumentReference` of a refund or void. */
  document_reference: string | null
  reference: string | null
  state: string
  claimed_by: string | null
  claimed_at: string | null
  attempts: number
  /** JSON `AgentCommandResult` once finished. */
  result: string | null
  created_at: string
  updated_at: string
}

export interface Database {
  tenants: TenantsTable
  sites: SitesTable
  devices: DevicesTable
  device_statuses: DeviceStatusesTable
  alarms: AlarmsTable
  api_keys: ApiKeysTable
  users: UsersTable
  idempotency_keys: IdempotencyKeysTable
  corrispettivi_files: CorrispettiviFilesTable
  corrispettivi_xml: CorrispettiviXmlTable
  corrispettivi_vat_rows: CorrispettiviVatRowsTable
  transmissions: TransmissionsTable
  distribution_lists: DistributionListsTable
  digest_deliveries: DigestDeliveriesTable
  tenant_settings: TenantSettingsTable
  back_office_receipts: BackOfficeReceiptsTable
  back_office_receipt_vat: BackOfficeReceiptVatTable
  agents: AgentsTable
  agent_deliveries: AgentDeliveriesTable
  agent_logs: AgentLogsTable
  agent_commands: AgentCommandsTable
}

/** Tables whose rows belong to one `TenantScope`. */
export type ScopedTable = "sites" | "devices" | "device_statuses" | "alarms" | "corrispettivi_files" | "corrispettivi_xml" | "corrispettivi_vat_rows" | "transmissions" | "distribution_lists" | "digest_deliveries" | "tenant_settings" | "back_office_receipts" | "back_office_receipt_vat" | "agents" | "agent_deliveries" | "agent_logs" | "agent_commands"
