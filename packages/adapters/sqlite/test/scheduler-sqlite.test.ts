import { type ChildProcess, spawn } from "node:child_process"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"
import type { Scheduler } from "@fisco/core"
import { createTestClock, RunLog, type TestClock } from "@fisco/testkit"
import BetterSqlite3 from "better-sqlite3"
import { build } from "esbuild"
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest"
import { createSqliteScheduler, type SqliteSchedulerOptions } from "../src/index.js"

const here = dirname(fileURLToPath(import.meta.url))
const eventually = (assertion: () => void) => vi.waitFor(assertion, { timeout: 15_000, interval: 10 })
const settle = () => new Promise((resolve) => setTimeout(resolve, 300))

let dir: string
let opened: Array<Scheduler> = []
const open = (clock: TestClock, options: Partial<SqliteSchedulerOptions> = {}) => {
  const scheduler = createSqliteScheduler({ filename: join(dir, "fisco.db"), clock, pollIntervalMs: 10, ...options } as SqliteSchedulerOptions)
  opened.push(scheduler)
  return scheduler
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "fisco-scheduler-"))
  return () => rm(dir, { recursive: true, force: true })
})

afterEach(async () => {
  await Promise.all(opened.map((s) => s.stop()))
  opened = []
  await rm(join(dir, "fisco.db"), { force: true })
})

describe("SQLite scheduler", () => {
  it("backs off exponentially between retries", async () => {
    const clock = createTestClock()
    const scheduler = open(clock)
    const runs = new RunLog()
    await scheduler.work("flaky", runs.handler("a", () => Promise.reject(new Error("no paper"))), {
      retryLimit: 2,
      retryDelaySeconds: 60
    })
    await scheduler.start()
    await scheduler.send("flaky", {})

    await eventually(() => expect(runs.runs).toHaveLength(1))
    const firstFailure = clock().getTime()
    clock.set(new Date(firstFailure + 59_000))
    await settle()
    expect(runs.runs).toHaveLength(1)
    clock.set(new Date(firstFailure + 61_000))
    await eventually(() => expect(runs.runs).toHaveLength(2))

    // The second retry waits twice as long.
    const secondFailure = clock().getTime()
    clock.set(new Date(secondFailure + 119_000))
    await settle()
    expect(runs.runs).toHaveLength(2)
    clock.set(new Date(secondFailure + 121_000))
    await eventually(() => expect(runs.runs).toHaveLength(3))
    clock.set(new Date(secondFailure + 3600_000))
    await settle()
    expect(runs.runs.map((r) => r.attempt)).toEqual([1, 2, 3])
  })

  it("takes back a job whose instance hangs past its lease, and ignores that instance's late outcome", async () => {
    const clock = createTestClock()
    const runs = new RunLog()
    let releaseHung: () => void = () => {}
    let failSecond: () => void = () => {}
    const hung = new Promise<void>((resolve) => (releaseHung = resolve))
    const second = new Promise<void>((_, reject) => (failSecond = () => reject(new Error("busy"))))

    const a = open(clock, { leaseMs: 60_000 })
    await a.work("slow", runs.handler("a", (job) => (job.attempt === 1 ? hung : undefined)), { retryDelaySeconds: 0 })
    await a.start()
    const id = await a.send("slow", {})
    await eventually(() => expect(runs.runs).toHaveLength(1))

    const b = open(clock, { leaseMs: 60_000 })
    await b.work("slow", runs.handler("b", (job) => (job.attempt === 2 ? second : undefined)), { retryDelaySeconds: 0 })
    await b.start()
    await settle()
    expect(runs.runs).toHaveLength(1)

    clock.set(new Date(clock().getTime() + 61_000))
    await eventually(() => expect(runs.runs).toHaveLength(2))
    // a finishes late: its completion must not close b's run. b's run then fails and is retried.
    releaseHung()
    await settle()
    failSecond()
    await eventually(() => expect(runs.runs).toHaveLength(3))
    await settle()

    expect(runs.runs.map((r) => [r.id, r.attempt])).toEqual([
      [id, 1],
      [id, 2],
      [id, 3]
    ])
    expect(runs.runs[1]?.instance).toBe("b")
  })

  it("works on a connection it was given, and leaves it open", async () => {
    const database = new BetterSqlite3(join(dir, "fisco.db"))
    const runs = new RunLog()
    const scheduler = createSqliteScheduler({ database, pollIntervalMs: 10 })
    await scheduler.work("given", runs.handler("a"))
    await scheduler.start()
    await scheduler.send("given", { n: 1 })
    await eventually(() => expect(runs.payloadsOf("given")).toEqual([{ n: 1 }]))
    await scheduler.stop()

    expect(database.prepare("SELECT state FROM fisco_jobs").pluck().all()).toEqual(["completed"])
    database.close()
  })
})

describe("SQLite scheduler across processes", () => {
  let childCode: string
  const children: Array<ChildProcess> = []

  beforeAll(async () => {
    const result = await build({
      entryPoints: [join(here, "scheduler-child.ts")],
      bundle: true,
      write: false,
      platform: "node",
      format: "esm",
      target: "node20",
      conditions: ["@fisco/source"],
      external: ["better-sqlite3", "cron-parser", "effect"]
    })
    childCode = result.outputFiles[0]?.text ?? ""
    return () => {
      for (const child of children) child.kill("SIGKILL")
    }
  })

  /** Starts a child scheduler; resolves once it polls, collecting the runs it prints. */
  const spawnInstance = async (instance: string, env: Record<string, string> = {}) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", childCode], {
      // Bare imports in `-e` code resolve from the working directory.
      cwd: join(here, ".."),
      env: { ...process.env, FISCO_SCHEDULER_DB: join(dir, "fisco.db"), FISCO_INSTANCE: instance, ...env },
      stdio: ["pipe", "pipe", "inherit"]
    })
    children.push(child)
    const runs: Array<{ id: string; attempt: number; instance: string }> = []
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve))
    const ready = new Promise<void>((resolve, reject) => {
      child.on("exit", (code) => reject(new Error(`child ${instance} exited (${code}) before it was ready`)))
      createInterface({ input: child.stdout! }).on("line", (line) => {
        if (line === "ready") resolve()
        else runs.push(JSON.parse(line))
      })
    })
    await ready
    return { runs, exited, stop: () => child.stdin!.end() }
  }

  it("two processes polling one file run each of 300 jobs exactly once", async () => {
    // The sender creates the tables before the children start, then fills the queue while both poll.
    const sender = open(createTestClock())
    const [one, two] = await Promise.all([spawnInstance("one"), spawnInstance("two")])
    const ids = await Promise.all(Array.from({ length: 300 }, (_, i) => sender.send("shared", { i })))

    await eventually(() => expect(one.runs.length + two.runs.length).toBeGreaterThanOrEqual(300))
    one.stop()
    two.stop()
    expect(await one.exited).toBe(0)
    expect(await two.exited).toBe(0)

    const ran = [...one.runs, ...two.runs].map((r) => r.id)
    expect(ran.sort()).toEqual([...ids].sort())
  }, 30_000)

  it("retries a job whose process crashed mid-run once its lease has run out", async () => {
    const clock = createTestClock()
    const sender = open(clock)
    const id = await sender.send("shared", { n: 1 })
    const crashing = await spawnInstance("crashing", { FISCO_CRASH_ON_RUN: "1" })
    expect(await crashing.exited).toBe(null)
    expect(crashing.runs).toEqual([{ id, attempt: 1, instance: "crashing" }])

    const runs = new RunLog()
    const survivor = open(clock)
    await survivor.work("shared", runs.handler("survivor"))
    await survivor.start()
    await settle()
    expect(runs.runs).toEqual([])
    clock.set(new Date(clock().getTime() + 61_000))
    await eventually(() => expect(runs.runs).toEqual([{ id, name: "shared", payload: { n: 1 }, attempt: 2, instance: "survivor" }]))
  }, 30_000)
})
