import { decodeInput } from "@fisco/core"
import { InitialState, startEpsonSimulator } from "@fisco/driver-epson-rt/simulator"
import type { Io } from "./admin.js"
import { CliError } from "./cli-error.js"
import { parseOptions } from "./options.js"
import { listenPort } from "./serve.js"

const parseState = (text: string | undefined) => {
  if (text === undefined) return undefined
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new CliError("--state must be JSON, e.g. '{\"dgfe\":\"near-full\",\"filesRejected\":3}'")
  }
  return decodeInput(InitialState, json, "state")
}

/**
 * `fisco sim epson-rt [--port p] [--host h] [--matricola m] [--state json]`: a simulated Epson RT
 * printer for partners and tests, until SIGINT/SIGTERM.
 */
export const simEpsonRt = async (argv: ReadonlyArray<string>, io: Io): Promise<() => Promise<void>> => {
  const flags = parseOptions(argv, { port: { type: "string" }, host: { type: "string" }, matricola: { type: "string" }, state: { type: "string" } })
  const state = parseState(flags.state)
  const sim = await startEpsonSimulator({
    port: listenPort(flags.port, 0, "port"),
    host: flags.host ?? "127.0.0.1",
    ...(flags.matricola === undefined ? {} : { matricola: flags.matricola }),
    ...(state === undefined ? {} : { state })
  })
  io.err(`fisco: Epson RT simulator ${sim.matricola} listening on ${sim.url} (fpmate at ${sim.url}/cgi-bin/fpmate.cgi, admin at ${sim.url}/admin/)`)
  io.out(JSON.stringify({ url: sim.url, matricola: sim.matricola }))
  return () => sim.close()
}
