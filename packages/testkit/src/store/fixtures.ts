import {
  type AlarmId,
  type AlarmRaise,
  type ApiKeyId,
  type ApiKeyRecord,
  type Device,
  type DeviceId,
  type DeviceStatus,
  type IdPrefix,
  type Site,
  type SiteId,
  type Store,
  type Tenant,
  type TenantId,
  type TenantScope,
  type UserId,
  type UserRecord,
  newId
} from "@fisco/core"

let lastIdTime = Date.now()

/** A new id whose time part is strictly later than the previous one's, so creation order is id order even within one millisecond. */
export const nextId = <P extends IdPrefix>(prefix: P): `${P}_${string}` => newId(prefix, ++lastIdTime)

export const now = (): string => new Date().toISOString()

/** An ISO timestamp `seconds` after a fixed instant, for readings that must sort in a known order. */
export const instant = (seconds: number, base = "2025-03-01T08:00:00.000Z"): string =>
  new Date(Date.parse(base) + seconds * 1000).toISOString()

const unique = () => Math.random().toString(36).slice(2, 10)

/** A tenant of its own for each test, with its live and test scopes: tests never see each other's rows. */
export interface TenantFixture {
  readonly tenant: Tenant
  readonly live: TenantScope
  readonly test: TenantScope
}

export const freshTenant = async (store: Store, name = "Acme Retail"): Promise<TenantFixture> => {
  const tenant = await store.tenants.create({ id: nextId("ten") as TenantId, name, createdAt: now() })
  return { tenant, live: { tenantId: tenant.id, livemode: true }, test: { tenantId: tenant.id, livemode: false } }
}

export const aSite = (scope: TenantScope, overrides: Partial<Site> = {}): Site => {
  const at = now()
  return {
    id: nextId("site") as SiteId,
    tenantId: scope.tenantId,
    livemode: scope.livemode,
    name: "Milano Centrale",
    address: { line1: "Piazza Duca d'Aosta 1", city: "Milano", postalCode: "20124", country: "IT" },
    timezone: "Europe/Rome",
    createdAt: at,
    updatedAt: at,
    ...overrides
  }
}

export const aDevice = (scope: TenantScope, siteId: SiteId, overrides: Partial<Device> = {}): Device => {
  const at = now()
  return {
    id: nextId("dev") as DeviceId,
    tenantId: scope.tenantId,
    livemode: scope.livemode,
    siteId,
    kind: "rt-printer",
    vendor: "Epson",
    model: "FP-81 II RT",
    serial: `99MEY${unique().toUpperCase()}`,
    driver: { id: "epson-rt", config: { host: "192.0.2.10", port: 80, tls: false } },
    connectivity: "direct",
    createdAt: at,
    updatedAt: at,
    ...overrides
  }
}

/** A site and a device on it, stored. */
export const storedDevice = async (store: Store, scope: TenantScope, overrides: Partial<Device> = {}): Promise<Device> => {
  const site = await store.sites.create(aSite(scope))
  return store.devices.create(aDevice(scope, site.id, overrides))
}

export const aStatus = (deviceId: DeviceId, observedAt: string, overrides: Partial<DeviceStatus> = {}): DeviceStatus => ({
  deviceId,
  observedAt,
  health: "warning",
  conditions: [{ code: "paper.near-end", severity: "warning", message: "Paper running low", data: { remainingPct: 8 } }],
  raw: { format: "xml", body: "<response success=\"true\" status=\"2\"/>" },
  ...overrides
})

export const anAlarm = (overrides: Partial<AlarmRaise> = {}, at = now()): AlarmRaise & { readonly id: AlarmId; readonly at: string } => ({
  id: nextId("alm") as AlarmId,
  at,
  type: "paper.end",
  severity: "critical",
  dedupeKey: `dev_${unique()}:paper.end`,
  message: "Printer is out of paper",
  ...overrides
})

export const anApiKey = (scope: TenantScope, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord => {
  const secret = unique() + unique()
  return {
    id: nextId("key") as ApiKeyId,
    tenantId: scope.tenantId,
    name: "Back office",
    livemode: scope.livemode,
    prefix: `sk_${scope.livemode ? "live" : "test"}_${secret.slice(0, 4)}`,
    last4: secret.slice(-4),
    scopes: ["devices:read", "alarms:write"],
    allowedIps: [],
    createdAt: now(),
    hash: `sha256-${secret}`,
    ...overrides
  }
}

export const aUser = (tenantId: TenantId, overrides: Partial<UserRecord> = {}): UserRecord => ({
  id: nextId("usr") as UserId,
  tenantId,
  email: `operator-${unique()}@example.com`,
  name: "Giulia Bianchi",
  role: "operator",
  createdAt: now(),
  passwordHash: "$2b$10$abcdefghijklmnopqrstuv",
  ...overrides
})
