import { type Io, keysCreate, migrate, tenantsCreate, usersCreate } from "./cli/admin.js"
import { agent } from "./cli/agent.js"
import { CliError, reportError } from "./cli/cli-error.js"
import { rtStatus, rtVerify } from "./cli/rt.js"
import { simEpsonRt } from "./cli/sim.js"
import { serve } from "./cli/serve.js"

const USAGE = `Usage: fisco <command> [options]

Commands:
  serve [--port 8787] [--host 127.0.0.1] [--sandbox] [--simulator-port n] [--smtp-url smtp://user:pass@host:port] [--mail-from addr]
                         run the headless server (SQLite in ./.fisco unless DATABASE_URL / --database-url)
        [--fleet-size 9] [--no-fleet] [--sales-every 30] [--z-every 10]
                         sandbox fleet of simulated Epson RT printers; its shop sells every n seconds
                         and closes days every n minutes (0 = never)
  migrate                apply pending database migrations
  tenants create --name <name>
  keys create --tenant <id> [--name n] [--live] [--scopes a,b] [--allowed-ips cidr,...] [--expires-in-days n]
  users create --tenant <id> --email <e> --role <admin|dealer|operator|accountant|viewer> [--name n]
                         (password from stdin or FISCO_USER_PASSWORD)
  rt verify <file.xml> [--schemas <dir>] [--matricola <m>]
                         verify an AdE corrispettivi (COR10) file or AdE reply: schema, signature, totals
                         (XSD directory: --schemas, FISCO_ADE_SCHEMAS, or a shared/spec/ade folder above)
  rt status --url <printer> [--timeout-ms n] [--username u] [--raw]
                         decoded status of an Epson RT printer or RT Server (password: FISCO_DEVICE_PASSWORD)
  agent --server <url> --key <key> [--data-dir ./.fisco-agent] [--poll-interval 60] [--name n]
        [--max-items n] [--max-mb n] [--sites site_a,site_b]
                         run the agent beside the POS: poll the agent devices of its sites (default:
                         all of the tenant's), queue, push (key with the agent scope;
                         FISCO_SERVER / FISCO_AGENT_KEY / FISCO_AGENT_SITES also work)
  sim epson-rt [--port p] [--host h] [--matricola m] [--state json]
                         run a simulated Epson RT printer (state: see docs/epson-rt-simulator.md)

Every command takes --data-dir <dir> (default ./.fisco) and --database-url <postgres://...>.`

const io: Io = { out: (l) => console.log(l), err: (l) => console.error(l), stdin: process.stdin }

/**
 * Keeps a long-running command up until SIGINT/SIGTERM, then stops it; a stop stuck for 10 s forces
 * the exit. The handlers are installed before the command starts: a signal arriving while it starts
 * (or right after it says it is ready) stops it gracefully instead of killing the process.
 */
const untilSignal = async (start: () => Promise<() => Promise<void>>) => {
  let stop: (() => Promise<void>) | undefined
  let signalled = false
  const shutdown = () => {
    signalled = true
    if (!stop) return
    setTimeout(() => process.exit(1), 10_000).unref()
    stop().then(
      () => process.exit(0),
      (error) => process.exit(reportError(error, io.err))
    )
  }
  process.once("SIGINT", shutdown)
  process.once("SIGTERM", shutdown)
  try {
    stop = await start()
  } catch (error) {
    process.off("SIGINT", shutdown)
    process.off("SIGTERM", shutdown)
    throw error
  }
  if (signalled) shutdown()
}

const main = async (argv: ReadonlyArray<string>): Promise<void> => {
  const [command, sub, ...rest] = argv
  switch (command) {
    case "serve":
      return untilSignal(() => serve(argv.slice(1), io))
    case "migrate":
      return migrate(argv.slice(1), io)
    case "tenants":
      if (sub === "create") return tenantsCreate(rest, io)
      break
    case "keys":
      if (sub === "create") return keysCreate(rest, io)
      break
    case "rt":
      if (sub === "verify" || sub === "status") {
        process.exitCode = await (sub === "verify" ? rtVerify : rtStatus)(rest, io)
        return
      }
      break
    case "agent":
      return untilSignal(() => agent(argv.slice(1), io))
    case "sim":
      if (sub === "epson-rt") return untilSignal(() => simEpsonRt(rest, io))
      break
    case "users":
      if (sub === "create") return usersCreate(rest, io)
      break
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.out(USAGE)
      return
  }
  throw new CliError(`unknown command: ${argv.join(" ")}\n\n${USAGE}`)
}

main(process.argv.slice(2)).catch((error) => {
  process.exitCode = reportError(error, io.err)
})
