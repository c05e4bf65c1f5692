import { type ServerType, serve as listen } from "@hono/node-server"
import { type Mailer, createFisco } from "@fisco/core"
import { createSmtpMailer } from "@fisco/mail"
import { epsonRtDriver } from "@fisco/driver-epson-rt"
import { startEpsonSimulator } from "@fisco/driver-epson-rt/simulator"
import { virtualPrinterDriver } from "@fisco/driver-virtual-printer"
import { startVirtualPrinter } from "@fisco/driver-virtual-printer/simulator"
import { createJsonLogger, createServer, createServerMonitor, registerAlertJobs, registerJobs } from "../index.js"
import { ensureSandbox } from "../sandbox.js"
import { CliError } from "./cli-error.js"
import type { Io } from "./admin.js"
import { DATA_DIR_FLAG, parseOptions } from "./options.js"
import { describeDatabase, openScheduler, openStore, runtimeConfig, tokenSecret } from "./runtime.js"
import { describeSmtp, smtpConfigFrom } from "./smtp.js"

/** A `--port`-style flag: an integer 0–65535 (0 = any free port). */
export const listenPort = (value: string | undefined, fallback: number, flag: string): number => {
  const n = value === undefined ? fallback : Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CliError(`--${flag} must be a port number`)
  return n
}

const listening = (server: ServerType): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once("listening", () => {
      const address = server.address()
      resolve(typeof address === "object" && address ? address.port : 0)
    })
    server.once("error", reject)
  })

/**
 * `fisco serve`: the headless server. SQLite under the data directory unless a Postgres URL is
 * given; `--sandbox` adds a demo tenant, a test key and a virtual printer. Stops gracefully on
 * SIGINT/SIGTERM: no new connections, running jobs finish, the store closes.
 */
export const serve = async (argv: ReadonlyArray<string>, io: Io): Promise<() => Promise<void>> => {
  const flags = parseOptions(argv, {
    ...DATA_DIR_FLAG,
    port: { type: "string" },
    host: { type: "string" },
    sandbox: { type: "boolean" },
    "simulator-port": { type: "string" },
    "smtp-url": { type: "string" },
    "mail-from": { type: "string" }
  })
  const config = runtimeConfig(flags)
  const httpPort = listenPort(flags.port ?? process.env.PORT, 8787, "port")
  const host = flags.host ?? process.env.HOST ?? "127.0.0.1"
  const logger = createJsonLogger(process.stdout)
  const smtp = smtpConfigFrom(flags)
  let mailer: (Mailer & { close(): void }) | undefined
  try {
    mailer = smtp && createSmtpMailer(smtp)
  } catch (error) {
    throw new CliError(`--smtp-url: ${error instanceof Error ? error.message : String(error)}`)
  }

  const store = await openStore(config)
  await store.migrate()
  const drivers = [virtualPrinterDriver, epsonRtDriver]
  const scheduler = await openScheduler(config)
  const fisco = createFisco({ store, drivers })
  const monitor = createServerMonitor(fisco)
  await registerJobs(scheduler, fisco, undefined, monitor)
  await registerAlertJobs(scheduler, { fisco, monitor, ...(mailer ? { mailer } : {}) })
  await scheduler.start()

  const app = createServer({ store, drivers, scheduler, logger, tokenSecret: tokenSecret(config), ...(mailer ? { mailer } : {}) })
  const server = listen({ fetch: app.fetch, port: httpPort, hostname: host })
  const boundPort = await listening(server).catch(async (error: unknown) => {
    // Port taken or not allowed: release what was opened so the process can exit with the error.
    await scheduler.stop()
    await store.close()
    throw new CliError(`cannot listen on ${host}:${httpPort}: ${error instanceof Error ? error.message : String(error)}`, 1)
  })
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${boundPort}`

  io.err(
    smtp
      ? `fisco: mail digests via ${describeSmtp(smtp)}`
      : "fisco: no SMTP server configured (--smtp-url or FISCO_SMTP_URL): digests are recorded as skipped"
  )

  const simulators: Array<{ close(): Promise<void> }> = []
  if (flags.sandbox) {
    // Simulators listen on the ports after the server's (or on free ports when the server's is 0).
    const base = listenPort(flags["simulator-port"], boundPort === 0 ? 0 : boundPort + 1, "simulator-port")
    const next = (offset: number) => (base === 0 ? 0 : base + offset)
    const virtual = await startVirtualPrinter({ port: next(0), matricola: "99SIM000001" })
    simulators.push(virtual)
    const epson = await startEpsonSimulator({ port: next(1), matricola: "99MEY000001" })
    simulators.push(epson)
    const info = await ensureSandbox(fisco, {
      dataDir: config.dataDir,
      url,
      devices: [
        { name: "Cassa 1", vendor: "Fisco", model: "Virtual RT printer", matricola: virtual.matricola, driverId: "virtual-printer", simulatorUrl: virtual.url },
        { name: "Cassa 2", vendor: "Epson", model: "FP-81 II RT (simulated)", matricola: epson.matricola, driverId: "epson-rt", simulatorUrl: epson.url }
      ]
    })
    io.err(
      [
        "",
        `  Fisco sandbox is running at ${info.url}  (${describeDatabase(config)})`,
        `  API reference:   ${info.docsUrl}`,
        `  Sandbox API key: ${info.apiKey}`,
        `  Tenant:          ${info.tenantId}`,
        ...Object.entries(info.devices).map(([driver, d]) => `  Device:          ${d.deviceId}  ${driver} ${d.matricola}, simulated at ${d.simulatorUrl}`),
        `  Saved to ${config.dataDir}/sandbox.json`,
        ""
      ].join("\n")
    )
  } else {
    io.err(`fisco: listening on ${url} (${describeDatabase(config)})`)
  }

  let stopping: Promise<void> | undefined
  const stop = () =>
    (stopping ??= (async () => {
      io.err("fisco: shutting down")
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await scheduler.stop()
      mailer?.close()
      await Promise.all(simulators.map((s) => s.close()))
      await store.close()
    })())
  return stop
}
