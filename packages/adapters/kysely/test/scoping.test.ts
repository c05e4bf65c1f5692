import type { AgentCommandId, AgentId, AlarmId, DeviceId, SiteId, TenantId, TenantScope } from "@fisco/core"
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from "kysely"
import { describe, expect, it } from "vitest"
import { type Database, createKyselyStore, storeMigrations } from "../src/index.js"

/**
 * Compiles what the repositories send without a database: kysely's dummy driver answers every
 * query with no rows, and the log hands over each statement and its parameters.
 */
const recordingStore = () => {
  const statements: Array<{ readonly sql: string; readonly parameters: ReadonlyArray<unknown> }> = []
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler()
    },
    log: (event) => {
      statements.push({ sql: event.query.sql, parameters: event.query.parameters })
    }
  })
  const store = createKyselyStore(db, { dialect: { name: "recording", bool: (b) => b, isUniqueViolation: () => false } })
  return { store, statements }
}

const scope: TenantScope = { tenantId: "ten_SCOPED" as TenantId, livemode: false }
const siteId = "site_1" as SiteId
const deviceId = "dev_1" as DeviceId
const page = { limit: 10, startingAfter: "x_0" }

describe("tenant-owned queries", () => {
  const reads: Record<string, (store: ReturnType<typeof recordingStore>["store"]) => Promise<unknown>> = {
    "sites.get": (s) => s.sites.get(scope, siteId),
    "sites.list": (s) => s.sites.list(scope, page),
    "devices.get": (s) => s.devices.get(scope, deviceId),
    "devices.list": (s) => s.devices.list(scope, { siteId, kind: "sat" }, page),
    "devices.delete": (s) => s.devices.delete(scope, deviceId),
    "deviceStatuses.latest": (s) => s.deviceStatuses.latest(scope, deviceId),
    "deviceStatuses.history": (s) => s.deviceStatuses.history(scope, deviceId, page),
    "alarms.get": (s) => s.alarms.get(scope, "alm_1" as AlarmId),
    "alarms.list": (s) => s.alarms.list(scope, { state: "raised" }, page),
    "alarms.acknowledge": (s) => s.alarms.acknowledge(scope, "alm_1" as AlarmId, "usr_1", "2025-01-01T00:00:00Z"),
    "alarms.clear": (s) => s.alarms.clear(scope, "k", "2025-01-01T00:00:00Z"),
    "agents.get": (s) => s.agents.get(scope, "agt_1" as AgentId),
    "agents.list": (s) => s.agents.list(scope, page),
    "agents.logs": (s) => s.agents.logs(scope, "agt_1" as AgentId, page),
    "agentCommands.get": (s) => s.agentCommands.get(scope, "acmd_1" as AgentCommandId),
    "agentCommands.claim": (s) => s.agentCommands.claim(scope, "agt_1" as AgentId, [deviceId], 10, "2025-01-01T00:00:00Z"),
    "agentCommands.complete": (s) =>
      s.agentCommands.complete(scope, "acmd_1" as AgentCommandId, "agt_1" as AgentId, { state: "unknown", reason: "r" }, "2025-01-01T00:00:00Z")
  }

  for (const [name, call] of Object.entries(reads)) {
    it(`${name} filters by tenant_id and livemode`, async () => {
      const { store, statements } = recordingStore()
      await call(store)
      expect(statements.length).toBeGreaterThan(0)
      for (const { sql, parameters } of statements) {
        const tenant = sql.match(/"tenant_id" = \$(\d+)/)
        const mode = sql.match(/"livemode" = \$(\d+)/)
        expect(tenant, sql).not.toBeNull()
        expect(mode, sql).not.toBeNull()
        expect(parameters[Number(tenant![1]) - 1]).toBe(scope.tenantId)
        expect(parameters[Number(mode![1]) - 1]).toBe(scope.livemode)
      }
    })
  }
})

describe("store migrations", () => {
  it("are named NNNN_words and listed in the order they run", () => {
    const names = Object.keys(storeMigrations)
    expect(names).toEqual([...names].sort())
    for (const name of names) expect(name).toMatch(/^\d{4}_[a-z0-9_]+$/)
  })
})
