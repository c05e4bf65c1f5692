import { startVirtualPrinter } from "@fisco/driver-virtual-printer/simulator"
import { createTestDatabase, postgresAvailable } from "@fisco/testkit/postgres"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Served, eventually, runCli, startServe } from "./cli-support/run-cli.js"

const available = await postgresAvailable("fisco serve on Postgres (two instances)")

describe.skipIf(!available)("two fisco serve processes on one Postgres", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let printer: Awaited<ReturnType<typeof startVirtualPrinter>>
  const servers: Served[] = []

  beforeAll(async () => {
    database = await createTestDatabase()
    printer = await startVirtualPrinter({ matricola: "99PG0000001" })
  })
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()))
    await printer?.close()
    await database?.drop()
  })

  it("share the work: each scheduled poll runs exactly once across both instances", async () => {
    const db = ["--database-url", database.url]
    expect((await runCli(["migrate", ...db])).code).toBe(0)
    const tenant = JSON.parse((await runCli(["tenants", "create", "--name", "Catena Nord", ...db])).stdout)
    const { secret } = JSON.parse((await runCli(["keys", "create", "--tenant", tenant.id, ...db])).stdout)

    const env = { FISCO_TOKEN_SECRET: "shared-secret-of-both-instances-0123456789" }
    servers.push(await startServe(["--port", "0", ...db], env), await startServe(["--port", "0", ...db], env))
    const [a, b] = servers as [Served, Served]
    const headers = { authorization: `Bearer ${secret}`, "content-type": "application/json" }
    const post = (base: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, { method: "POST", headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })

    const site = (await (
      await post(a.url, "/v1/sites", {
        name: "Negozio Bergamo",
        address: { line1: "Via XX Settembre 3", city: "Bergamo", postalCode: "24122", country: "IT" },
        timezone: "Europe/Rome"
      })
    ).json()) as { id: string }
    const devices: string[] = []
    for (let i = 0; i < 6; i++) {
      const res = await post(a.url, "/v1/devices", {
        siteId: site.id,
        kind: "rt-printer",
        vendor: "Fisco",
        model: "Virtual RT printer",
        serial: `99PG000000${i}`,
        driver: { id: "virtual-printer", config: { url: printer.url } }
      })
      expect(res.status).toBe(201)
      devices.push(((await res.json()) as { id: string }).id)
    }

    // Each poll is scheduled once, through one instance or the other; both instances work the queue.
    for (const [i, id] of devices.entries()) expect((await post(i % 2 ? b.url : a.url, `/v1/devices/${id}/polls`)).status).toBe(202)

    const history = async (id: string) =>
      ((await (await fetch(`${a.url}/v1/devices/${id}/statuses`, { headers })).json()) as { data: unknown[] }).data.length
    await eventually(async () => ((await Promise.all(devices.map(history))).every((n) => n >= 1) ? true : undefined), "every poll to run", 30_000)
    // Give a duplicate every chance to show up: several poll intervals of both instances.
    await new Promise((r) => setTimeout(r, 5_000))
    expect(await Promise.all(devices.map(history))).toEqual(devices.map(() => 1))

    expect(await a.stop()).toBe(0)
    expect(await b.stop()).toBe(0)
    servers.length = 0
  })
})
