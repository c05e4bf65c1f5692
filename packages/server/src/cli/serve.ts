import { type ServerType, serve as listen } from "@hono/node-server"
import { findAdeSchemaDir } from "@fisco/ade"
import { type Mailer, createFiscoWithBackOffice } from "@fisco/core"
import { createSmtpMailer } from "@fisco/mail"
import { createAdeVerifier } from "../archive/ade-verifier.js"
import { epsonRtDriver } from "@fisco/driver-epson-rt"
import { virtualPrinterDriver } from "@fisco/driver-virtual-printer"
import { createJsonLogger, createServer, createServerMonitor, registerAlertJobs, registerJobs } from "../index.js"
import { storedThresholds } from "../alerts/server-monitor.js"
import { ensureSandbox } from "../sandbox.js"
import { FLEET_PROFILES } from "../sandbox-fleet.js"
import { CliError } from "./cli-error.js"
import type { Io } from "./admin.js"
import { DATA_DIR_FLAG, parseOptions } from "./options.js"
import { describeDatabase, openScheduler, openStore, runtimeConfig, tokenSecret } from "./runtime.js"
import { amountFlag, intFlag, startSandbox } from "./serve-sandbox.js"
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
 * given; `--sandbox` adds a demo tenant, a test key, two demo printers and a polled fleet of simulated
 * Epson RT printers in assorted states (`--fleet-size n`, `--no-fleet`; its shop sells every
 * `--sales-every` seconds and closes days every `--z-every` minutes, 0 = never). Stops gracefully on
 * SIGINT/SIGTERM: no new connections, running jobs finish, the store closes.
 */
export const serve = async (argv: ReadonlyArray<string>, io: Io): Promise<() => Promise<void>> => {
  const flags = parseOptions(argv, {
    ...DATA_DIR_FLAG,
    port: { type: "string" },
    host: { type: "string" },
    sandbox: { type: "boolean" },
    "simulator-port": { type: "string" },
    "fleet-size": { type: "string" },
    "no-fleet": { type: "boolean" },
    "sales-every": { type: "string" },
    "z-every": { type: "string" },
    "smtp-url": { type: "string" },
    "mail-from": { type: "string" }
  })
  const config = runtimeConfig(flags)
  const httpPort = listenPort(flags.port ?? process.env.PORT, 8787, "port")
  const host = flags.host ?? process.env.HOST ?? "127.0.0.1"
  const logger = createJsonLogger(process.stdout)
  // Checked before anything is opened, so a bad flag leaves nothing half-started.
  const fleet = {
    fleetSize: flags["no-fleet"] ? 0 : intFlag(flags["fleet-size"], FLEET_PROFILES.length, "fleet-size", 99),
    salesEverySeconds: amountFlag(flags["sales-every"], 30, "sales-every"),
    closeEveryMinutes: amountFlag(flags["z-every"], 10, "z-every")
  }
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
  // The scheduled polls archive each day's corrispettivi, and the quadratura of that day runs then.
  const { fisco } = createFiscoWithBackOffice({
    store,
    drivers,
    corrispettiviVerifier: createAdeVerifier({ schemaDir: findAdeSchemaDir() }),
    thresholds: storedThresholds(store),
    onQuadraturaError: (error) => logger.warn(`quadratura after archiving failed: ${error instanceof Error ? error.message : String(error)}`)
  })
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

  let sandbox: { close(): Promise<void> } | undefined
  if (flags.sandbox) {
    const run = await startSandbox(fisco, scheduler, {
      dataDir: config.dataDir,
      url,
      // Simulators listen on the ports after the server's (or on free ports when the server's is 0).
      simulatorPort: listenPort(flags["simulator-port"], boundPort === 0 ? 0 : boundPort + 1, "simulator-port"),
      ...fleet,
      logger
    }).catch(async (error: unknown) => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await scheduler.stop()
      await store.close()
      throw error
    })
    sandbox = run
    const { info } = run
    const demo = Object.entries(info.devices).filter(([key]) => !key.startsWith("fleet-"))
    io.err(
      [
        "",
        `  Fisco sandbox is running at ${info.url}  (${describeDatabase(config)})`,
        `  API reference:   ${info.docsUrl}`,
        `  Sandbox API key: ${info.apiKey}`,
        `  Tenant:          ${info.tenantId}`,
        ...demo.map(([driver, d]) => `  Device:          ${d.deviceId}  ${driver} ${d.matricola}, simulated at ${d.simulatorUrl}`),
        ...(run.fleet.length > 0
          ? [
              `  Fleet:           ${run.fleet.length} simulated Epson RT printers, polled every minute (alarms: GET /v1/alarms)`,
              ...run.fleet.map((m) => `                   ${info.devices[m.device.key!]!.deviceId}  ${m.device.matricola}  ${m.profile.label}`)
            ]
          : []),
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
      await sandbox?.close()
      await store.close()
    })())
  return stop
}
