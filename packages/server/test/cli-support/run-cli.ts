import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

/** The built CLI, as `npx fisco` runs it (turbo builds the package before its tests). */
const BIN = fileURLToPath(new URL("../../bin/fisco.js", import.meta.url))

export interface CliResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const cleanEnv = (env: Record<string, string | undefined>) => {
  // The CI environment exports DATABASE_URL; each test says explicitly which database it wants.
  const { DATABASE_URL: _ignored, ...rest } = process.env
  return { ...rest, ...env }
}

export const runCli = (args: ReadonlyArray<string>, options: { env?: Record<string, string>; input?: string } = {}) =>
  new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(options.env ?? {}) })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d) => (stdout += d))
    child.stderr.on("data", (d) => (stderr += d))
    child.on("error", reject)
    child.on("close", (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(options.input ?? "")
  })

export interface Served {
  readonly url: string
  readonly process: ChildProcess
  readonly stderr: () => string
  /** Sends SIGTERM and resolves with the exit code. */
  readonly stop: () => Promise<number | null>
}

/** Starts `fisco serve …` and resolves once it says where it listens. */
export const startServe = (args: ReadonlyArray<string>, env: Record<string, string> = {}) =>
  new Promise<Served>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "serve", ...args], { env: cleanEnv(env) })
    let stderr = ""
    const exited = new Promise<number | null>((done) => child.on("close", (code) => done(code)))
    child.stdout.resume()
    child.stderr.on("data", (d) => {
      stderr += d
      const m = /(?:listening on|sandbox is running at) (http:\/\/\S+)/.exec(stderr)
      if (m) resolve({ url: m[1]!, process: child, stderr: () => stderr, stop: () => (child.kill("SIGTERM"), exited) })
    })
    exited.then((code) => reject(new Error(`fisco serve exited (${code}) before listening:\n${stderr}`)))
  })

/** Polls `check` until it returns a value or the deadline passes. */
export const eventually = async <T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
