import { mkdtempSync, rmSync } from "node:fs"
import { type IncomingMessage, type Server, createServer as createHttpServer } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type AgentLogger, createAgent } from "@fisco/agent"
import { type Device, type TenantScope, createFisco } from "@fisco/core"
import { epsonRtDriver } from "@fisco/driver-epson-rt"
import { type EpsonSimulator, startEpsonSimulator } from "@fisco/driver-epson-rt/simulator"
import { virtualPrinterDriver } from "@fisco/driver-virtual-printer"
import { serve } from "@hono/node-server"
import { createSqliteStore } from "@fisco/store-sqlite"
import Database from "better-sqlite3"
import { createJsonLogger, createServer, issueApiKey } from "../../src/index.js"
import { TOKEN_SECRET } from "./harness.js"

const listen = (server: Server, port: number) =>
  new Promise<number>((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port))
  })
const shut = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })

export const quietLogger = (lines: string[] = []): AgentLogger => ({
  info: (m) => void lines.push(`info ${m}`),
  warn: (m) => void lines.push(`warn ${m}`),
  error: (m) => void lines.push(`error ${m}`)
})

/**
 * A real Fisco server on a real SQLite file, served over real HTTP on a fixed port that can be cut
 * and brought back; an Epson RT simulator registered as an agent-connected device; an `agent` key.
 */
export const createAgentWorld = async (simulatorState: Record<string, unknown> = {}) => {
  const dir = mkdtempSync(join(tmpdir(), "fisco-agent-world-"))
  const dbFile = join(dir, "fisco.sqlite")
  const store = createSqliteStore({ filename: dbFile })
  await store.migrate()
  const drivers = [virtualPrinterDriver, epsonRtDriver]
  const app = createServer({ store, drivers, tokenSecret: TOKEN_SECRET, logger: createJsonLogger({ write: () => {} }) })
  const fisco = createFisco({ store, drivers })
  const tenant = await fisco.tenants.create({ name: "Catena negozi" })
  const scope: TenantScope = { tenantId: tenant.id, livemode: false }
  const agentKey = (await issueApiKey(store, { tenantId: tenant.id, name: "agent", livemode: false, scopes: ["agent"] })).secret
  const adminKey = (await issueApiKey(store, { tenantId: tenant.id, name: "admin", livemode: false, scopes: ["*"] })).secret
  const site = await fisco.sites.create(scope, {
    name: "Negozio centro",
    address: { line1: "Via Roma 1", city: "Milano", postalCode: "20121", region: "MI", country: "IT" },
    timezone: "Europe/Rome"
  })
  const sim: EpsonSimulator = await startEpsonSimulator({ state: simulatorState as never })
  const device: Device = await fisco.devices.create(scope, {
    siteId: site.id,
    kind: "rt-printer",
    vendor: "Epson",
    model: "FP-81 II RT",
    serial: sim.matricola,
    driver: { id: "epson-rt", config: { url: sim.url, timeoutMs: 2000 } },
    connectivity: "agent"
  })

  let http: Server | undefined
  let port = 0
  const start = async () => {
    // Same port across restarts, as a real server's address stays the same.
    http = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }) as Server
    await new Promise<void>((resolve, reject) => {
      if (http!.listening) return resolve()
      http!.once("listening", () => resolve())
      http!.once("error", reject)
    })
    port = (http.address() as AddressInfo).port
  }
  await start()
  const url = () => `http://127.0.0.1:${port}`

  /** Direct read of the server's database, to count rows as an auditor would. */
  const count = (sql: string, ...params: unknown[]): number => {
    const db = new Database(dbFile, { readonly: true })
    try {
      return (db.prepare(sql).get(...params) as { n: number }).n
    } finally {
      db.close()
    }
  }

  const agentsMade: Array<{ stop(): Promise<void> }> = []
  return {
    store,
    fisco,
    scope,
    tenant,
    device,
    sim,
    agentKey,
    adminKey,
    dir,
    url,
    count,
    /** The server stops answering: its port is closed. */
    cut: async () => {
      if (http) await shut(http)
      http = undefined
    },
    restore: start,
    newAgent: (dataDir: string, options: { server?: string; logs?: string[] } = {}) => {
      const agent = createAgent({
        server: options.server ?? url(),
        key: agentKey,
        dataDir,
        drivers,
        pollIntervalSeconds: 1,
        name: "Cassa centro",
        backoff: { baseMs: 50, maxMs: 400 },
        logger: quietLogger(options.logs)
      })
      agentsMade.push(agent)
      return agent
    },
    tempDir: () => mkdtempSync(join(dir, "agent-")),
    close: async () => {
      for (const a of agentsMade) await a.stop().catch(() => {})
      if (http) await shut(http)
      await sim.close()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
export type AgentWorld = Awaited<ReturnType<typeof createAgentWorld>>

const body = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", reject)
  })

/**
 * A TCP-level fault between the agent and the server: forwards every request, except that when
 * armed it lets one delivery reach the server, waits for the server's answer (so the server has
 * committed) and then drops the connection: the agent never hears the reply.
 */
export const startLossyProxy = async (upstream: () => string) => {
  let dropNext = false
  let dropped = 0
  const server = createHttpServer(async (req, res) => {
    const payload = await body(req)
    const target = new URL(req.url ?? "/", upstream())
    const headers = new Headers()
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== "host" && k !== "connection") headers.set(k, v)
    const method = req.method ?? "GET"
    const response = await fetch(target, { method, headers, ...(method === "GET" ? {} : { body: payload }) })
    const answer = Buffer.from(await response.arrayBuffer())
    if (dropNext && req.url?.startsWith("/v1/agent/deliveries")) {
      dropNext = false
      dropped++
      req.socket.destroy()
      return
    }
    res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "application/json" })
    res.end(answer)
  })
  const port = await listen(server, 0)
  return {
    url: `http://127.0.0.1:${port}`,
    dropNextDeliveryReply: () => void (dropNext = true),
    dropped: () => dropped,
    close: () => shut(server)
  }
}
