import { readFile } from "node:fs/promises"
import { findAdeSchemaDir, verifyCorrispettivi } from "@fisco/ade"
import { FiscalPrinter, decodeInput, runDevice } from "@fisco/core"
import { EpsonRtConfig, epsonRtDriver } from "@fisco/driver-epson-rt"
import { Effect } from "effect"
import type { Io } from "./admin.js"
import { CliError } from "./cli-error.js"
import { parseOptions, required } from "./options.js"

const positional = (argv: ReadonlyArray<string>): { file: string | undefined; flags: string[] } => {
  const flags: string[] = []
  let file: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg.startsWith("--")) {
      flags.push(arg)
      if (!arg.includes("=") && i + 1 < argv.length && !argv[i + 1]!.startsWith("--")) flags.push(argv[++i]!)
    } else if (file === undefined) file = arg
    else throw new CliError(`unexpected argument ${arg}`)
  }
  return { file, flags }
}

/**
 * `fisco rt verify <file.xml> [--schemas <dir>] [--matricola <m>]`: prints the JSON report of an
 * AdE file (COR10 corrispettivi or AdE reply) and exits 1 when it fails the schema, the signature,
 * the expected matricola, or is not such a file.
 */
export const rtVerify = async (argv: ReadonlyArray<string>, io: Io): Promise<number> => {
  const { file, flags } = positional(argv)
  const options = parseOptions(flags, { schemas: { type: "string" }, matricola: { type: "string" } })
  if (!file) throw new CliError("usage: fisco rt verify <file.xml> [--schemas <dir>] [--matricola <m>]")
  const xml = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${file}: ${error.code ?? error.message}`)
  })
  const schemaDir = options.schemas ?? findAdeSchemaDir()
  const report = await verifyCorrispettivi(xml, {
    ...(schemaDir === undefined ? {} : { schemaDir }),
    ...(options.matricola === undefined ? {} : { expectedMatricola: options.matricola })
  })
  io.out(JSON.stringify({ file, ...report }, null, 2))
  if (!report.ok) io.err(`fisco: ${file}: ${report.problems.join("; ")}`)
  return report.ok ? 0 : 1
}

/** `fisco rt status --url <printer> [--timeout-ms n] [--raw]`: the decoded status of an Epson RT printer or server. */
export const rtStatus = async (argv: ReadonlyArray<string>, io: Io): Promise<number> => {
  const flags = parseOptions(argv, {
    url: { type: "string" },
    "timeout-ms": { type: "string" },
    username: { type: "string" },
    raw: { type: "boolean" }
  })
  const config = decodeInput(
    EpsonRtConfig,
    {
      url: required(flags.url, "url"),
      ...(flags["timeout-ms"] === undefined ? {} : { timeoutMs: Number(flags["timeout-ms"]) }),
      ...(flags.username === undefined ? {} : { username: flags.username, password: process.env.FISCO_DEVICE_PASSWORD ?? "" })
    },
    "config"
  )
  const status = await runDevice(Effect.provide(Effect.flatMap(FiscalPrinter, (printer) => printer.status), epsonRtDriver.make(config, { livemode: false })))
  // The raw device XML is long; it is printed only on request.
  const { raw: _raw, ...decoded } = status
  io.out(JSON.stringify(flags.raw ? status : decoded, null, 2))
  return status.health === "ok" || status.health === "warning" ? 0 : 1
}
