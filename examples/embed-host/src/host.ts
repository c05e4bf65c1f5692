import { createFisco, type TenantScope } from "@fisco/core"
import { virtualPrinterDriver } from "@fisco/driver-virtual-printer"
import { createServer } from "@fisco/server"
import { createSqliteStore } from "@fisco/store-sqlite"
import { Hono } from "hono"

/**
 * A POS/ERP back end of the kind a software house runs: its own routes (here, a toy order list),
 * with Fisco's API mounted under `/fisco` and Fisco's SDK called in-process where the host already
 * knows who the user is.
 */
export interface HostOptions {
  /** SQLite file of Fisco's store (":memory:" for tests). */
  readonly fiscoDatabase: string
  readonly tokenSecret: string
}

export const createHost = async (options: HostOptions) => {
  const store = await createSqliteStore({ filename: options.fiscoDatabase })
  await store.migrate()
  const drivers = [virtualPrinterDriver]

  // In-process SDK: no HTTP, same validation and errors as the API.
  const fisco = createFisco({ store, drivers })

  // The host's own tenant in Fisco, created once at start-up.
  const tenant = await fisco.tenants.create({ name: "Host ERP" })
  const scope: TenantScope = { tenantId: tenant.id, livemode: false }

  const app = new Hono()
  const orders: Array<{ id: number; total: number }> = []
  app.get("/api/orders", (c) => c.json(orders))
  app.post("/api/orders", async (c) => {
    const body = await c.req.json<{ total: number }>()
    const order = { id: orders.length + 1, total: body.total }
    orders.push(order)
    return c.json(order, 201)
  })

  // The host's own screen for shop setup calls the SDK directly.
  app.post("/api/shops", async (c) => {
    const body = await c.req.json<{ name: string; printerUrl: string; matricola: string }>()
    const site = await fisco.sites.create(scope, {
      name: body.name,
      address: { line1: "Via Verdi 2", city: "Torino", postalCode: "10121", region: "TO", country: "IT" },
      timezone: "Europe/Rome"
    })
    const device = await fisco.devices.create(scope, {
      siteId: site.id,
      kind: "rt-printer",
      vendor: "Fisco",
      model: "Virtual RT printer",
      serial: body.matricola,
      driver: { id: "virtual-printer", config: { url: body.printerUrl } }
    })
    return c.json({ site, device }, 201)
  })
  app.get("/api/alarms", async (c) => c.json(await fisco.alarms.list(scope)))

  // Fisco's REST API, next to the host's routes.
  app.route("/fisco", createServer({ store, drivers, tokenSecret: options.tokenSecret }))

  return { app, fisco, scope, tenant, close: () => store.close() }
}
