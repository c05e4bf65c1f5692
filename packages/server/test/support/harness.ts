import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type AnyDriver, type Clock, type Fisco, type Mailer, type Scheduler, type Store, type Tenant, createFisco } from "@fisco/core"
import { virtualPrinterDriver } from "@fisco/driver-virtual-printer"
import { createSqliteStore } from "@fisco/store-sqlite"
import { createJsonLogger, createServer, issueApiKey } from "../../src/index.js"

export const TOKEN_SECRET = "test-token-secret-of-at-least-32-bytes!"
export const drivers = [virtualPrinterDriver]

export interface Answer {
  readonly status: number
  readonly headers: Headers
  // Tests read arbitrary JSON answers.
  readonly body: any
}

export interface CallOptions {
  /** Bearer credential (API key secret or JWT). */
  readonly auth?: string
  readonly body?: unknown
  /** Sent verbatim instead of `JSON.stringify(body)`. */
  readonly rawBody?: string
  readonly headers?: Record<string, string>
}

export interface HarnessOptions {
  readonly scheduler?: (store: Store, dir: string) => Scheduler
  readonly trustProxy?: boolean
  readonly clock?: Clock
  readonly mailer?: Mailer
  /** Drivers instead of the virtual printer alone. */
  readonly drivers?: ReadonlyArray<AnyDriver>
}

/** A real server on a real SQLite file in a temp dir, with one tenant and a test and a live `*` key. */
export const createHarness = async (options: HarnessOptions = {}) => {
  const dir = mkdtempSync(join(tmpdir(), "fisco-server-"))
  const store = createSqliteStore({ filename: join(dir, "fisco.sqlite") })
  await store.migrate()
  const logs: string[] = []
  const logger = createJsonLogger({ write: (line: string) => logs.push(line) })
  const scheduler = options.scheduler?.(store, dir)
  const driverList = options.drivers ?? drivers
  const app = createServer({
    store,
    drivers: driverList,
    tokenSecret: TOKEN_SECRET,
    logger,
    ...(scheduler ? { scheduler } : {}),
    ...(options.trustProxy ? { trustProxy: true } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.mailer ? { mailer: options.mailer } : {})
  })
  const fisco: Fisco = createFisco({ store, drivers: driverList, ...(options.clock ? { clock: options.clock } : {}) })

  const newTenant = async (name: string) => {
    const tenant = await fisco.tenants.create({ name })
    const key = (livemode: boolean, scopes: ReadonlyArray<string> = ["*"], extra: { allowedIps?: string[] } = {}) =>
      issueApiKey(store, { tenantId: tenant.id, name: livemode ? "live" : "test", livemode, scopes, ...extra }, options.clock)
    return { tenant, testKey: (await key(false)).secret, liveKey: (await key(true)).secret, key }
  }
  const main = await newTenant("Main tenant")

  const call = async (method: string, path: string, opts: CallOptions = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...opts.headers }
    if (opts.auth) headers.Authorization = `Bearer ${opts.auth}`
    const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body))
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["Content-Type"] = "application/json"
    const res = await app.request(path, { method, headers, ...(body === undefined ? {} : { body }) })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {
      // not JSON (HTML, JS)
    }
    return { status: res.status, headers: res.headers, body: parsed }
  }

  return {
    app,
    store,
    fisco,
    scheduler,
    logs,
    tenant: main.tenant as Tenant,
    testKey: main.testKey,
    liveKey: main.liveKey,
    /** Mints another key in the main tenant. */
    key: main.key,
    newTenant,
    call,
    close: async () => {
      await scheduler?.stop()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
export type Harness = Awaited<ReturnType<typeof createHarness>>

export const siteInput = (name = "Negozio centro") => ({
  name,
  address: { line1: "Via Roma 1", city: "Milano", postalCode: "20121", region: "MI", country: "IT" },
  timezone: "Europe/Rome"
})

export const deviceInput = (siteId: string, serial = "99VPR000001", url = "http://127.0.0.1:9") => ({
  siteId,
  kind: "rt-printer",
  vendor: "Fisco",
  model: "Virtual RT",
  serial,
  driver: { id: "virtual-printer", config: { url } }
})
