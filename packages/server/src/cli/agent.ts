import { mkdirSync } from "node:fs"
import { resolve } from "node:path"
import { AgentConfigError, createAgent, parseServerUrl } from "@fisco/agent"
import { epsonRtDriver } from "@fisco/driver-epson-rt"
import { virtualPrinterDriver } from "@fisco/driver-virtual-printer"
import type { Io } from "./admin.js"
import { CliError } from "./cli-error.js"
import { parseOptions, required } from "./options.js"

const positiveInt = (value: string | undefined, flag: string): number | undefined => {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--${flag} must be a positive integer`)
  return n
}

/**
 * `fisco agent --server <url> --key <key> [--data-dir dir] [--poll-interval s] [--name n]
 * [--max-items n] [--max-mb n] [--sites site_a,site_b]`: the agent beside the POS, with the built-in drivers, until
 * SIGINT/SIGTERM. A bad key or a server that is not Fisco is an error at start (exit 1).
 */
export const agent = async (argv: ReadonlyArray<string>, io: Io): Promise<() => Promise<void>> => {
  const flags = parseOptions(argv, {
    server: { type: "string" },
    key: { type: "string" },
    "data-dir": { type: "string" },
    "poll-interval": { type: "string" },
    name: { type: "string" },
    "max-items": { type: "string" },
    "max-mb": { type: "string" },
    sites: { type: "string" }
  })
  const server = required(flags.server ?? process.env.FISCO_SERVER, "server")
  const key = required(flags.key ?? process.env.FISCO_AGENT_KEY, "key")
  try {
    parseServerUrl(server)
  } catch (error) {
    throw new CliError((error as Error).message)
  }
  const dataDir = resolve(flags["data-dir"] ?? process.env.FISCO_AGENT_DATA_DIR ?? ".fisco-agent")
  mkdirSync(dataDir, { recursive: true })
  const maxItems = positiveInt(flags["max-items"], "max-items")
  const maxMb = positiveInt(flags["max-mb"], "max-mb")
  const pollIntervalSeconds = positiveInt(flags["poll-interval"], "poll-interval") ?? 60
  const siteIds = (flags.sites ?? process.env.FISCO_AGENT_SITES ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
  const badSite = siteIds.find((s) => !/^site_[0-9A-Za-z]{1,64}$/.test(s))
  if (badSite !== undefined) throw new CliError(`--sites must be site ids (site_…), comma-separated; got ${JSON.stringify(badSite)}`)
  const runtime = createAgent({
    server,
    key,
    dataDir,
    drivers: [virtualPrinterDriver, epsonRtDriver],
    pollIntervalSeconds,
    ...(flags.name ? { name: flags.name } : {}),
    ...(siteIds.length ? { siteIds } : {}),
    limits: { ...(maxItems ? { maxItems } : {}), ...(maxMb ? { maxBytes: maxMb * 1024 * 1024 } : {}) },
    logger: { info: (m) => io.err(`fisco agent: ${m}`), warn: (m) => io.err(`fisco agent: warning: ${m}`), error: (m) => io.err(`fisco agent: ERROR: ${m}`) }
  })
  try {
    await runtime.start()
  } catch (error) {
    await runtime.stop()
    if (error instanceof AgentConfigError) throw new CliError(error.message, 1)
    throw error
  }
  io.out(JSON.stringify({ agentId: runtime.id, dataDir, server }))
  return async () => {
    io.err("fisco agent: stopping")
    await runtime.stop()
  }
}
