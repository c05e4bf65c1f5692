import { InvalidInput, type TenantId, newId } from "@fisco/core"
import { storeMigrations } from "@fisco/store-kysely"
import { storeConformance } from "@fisco/testkit"
import pg from "pg"
import { afterAll, describe, expect, it } from "vitest"
import { createPostgresStore } from "../src/index.js"
import { dropSchema, freshName, postgresAvailable, printableUrl, testDatabaseUrl } from "@fisco/testkit/postgres"

const url = testDatabaseUrl()
const available = await postgresAvailable("postgres store suite")
const schema = freshName()
/** Schemas besides the suite's that the tests below create; all dropped at the end. */
const extraSchemas: Array<string> = []
const migrationNames = Object.keys(storeMigrations)

const tablesIn = async (name: string): Promise<ReadonlyArray<string>> => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = $1 order by table_name",
      [name]
    )
    return rows.map((r) => r.table_name)
  } finally {
    await client.end()
  }
}

const newSchema = () => {
  const name = freshName()
  extraSchemas.push(name)
  return name
}

describe.skipIf(!available)("postgres store", () => {
  console.log(`postgres store suite: running against ${printableUrl(url)} schema ${schema}`)
  afterAll(async () => {
    for (const name of [schema, ...extraSchemas]) await dropSchema(url, name)
  })

  storeConformance({ name: "postgres", create: async () => createPostgresStore({ connectionString: url, schema }) })

  it("reports its dialect and keeps every table in its schema", async () => {
    const own = newSchema()
    const store = createPostgresStore({ connectionString: url, schema: own })
    expect(store.dialect).toBe("postgres")
    await store.migrate()
    await store.close()
    expect(await tablesIn(own)).toEqual(
      expect.arrayContaining(["tenants", "sites", "devices", "device_statuses", "alarms", "api_keys", "users", "idempotency_keys", "fisco_store_migration"])
    )
  })

  it("stores on concurrently migrating connections apply each migration exactly once", async () => {
    const own = newSchema()
    const stores = [0, 1, 2].map(() => createPostgresStore({ connectionString: url, schema: own }))
    const reports = await Promise.all(stores.map((s) => s.migrate()))
    await Promise.all(stores.map((s) => s.close()))
    expect(reports.flatMap((r) => r.applied)).toEqual(migrationNames)
    for (const r of reports) expect(r.current).toEqual(migrationNames)
  })

  it("stores in two schemas of one database see only their own rows", async () => {
    const [a, b] = [newSchema(), newSchema()].map((name) => createPostgresStore({ connectionString: url, schema: name }))
    await Promise.all([a!.migrate(), b!.migrate()])
    const tenant = await a!.tenants.create({ id: newId("ten") as TenantId, name: "Schema A Srl", createdAt: new Date().toISOString() })
    expect(await a!.tenants.get(tenant.id)).toStrictEqual(tenant)
    expect(await b!.tenants.get(tenant.id)).toBeUndefined()
    await Promise.all([a!.close(), b!.close()])
  })

  it("runs on a lent pool and leaves it open on close", async () => {
    const pool = new pg.Pool({ connectionString: url, max: 2 })
    try {
      const store = createPostgresStore({ pool, schema: newSchema() })
      await store.migrate()
      await store.ping()
      await store.close()
      expect((await pool.query("select 1 as one")).rows).toEqual([{ one: 1 }])
    } finally {
      await pool.end()
    }
  })

  it("refuses a schema name that is not a plain identifier", () => {
    expect(() => createPostgresStore({ connectionString: url, schema: 'x"; drop table y; --' })).toThrow(InvalidInput)
  })
})
