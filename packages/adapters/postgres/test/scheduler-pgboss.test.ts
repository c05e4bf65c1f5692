import type { Scheduler } from "@fisco/core"
import { RunLog } from "@fisco/testkit"
import pg from "pg"
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest"
import { createPgBossScheduler } from "../src/index.js"
import { connectionString, schedulerDatabase } from "./scheduler-database.js"

const { skip, schema } = await schedulerDatabase("pg-boss scheduler")

interface RetryColumns {
  readonly state: string
  readonly retry_limit: number
  readonly retry_delay: number
  readonly retry_backoff: boolean
  readonly waits_seconds: number
}

describe.skipIf(skip)("pg-boss scheduler", () => {
  const client = new pg.Client({ connectionString })
  let scheduler: Scheduler
  beforeAll(() => client.connect())
  afterAll(() => client.end())
  afterEach(() => scheduler.stop())

  /** The retry policy pg-boss copied into the job row, and how long until it may run again. */
  const retryColumns = async (id: string) => {
    const result = await client.query<RetryColumns>(
      `SELECT state, retry_limit, retry_delay, retry_backoff, EXTRACT(epoch FROM start_after - now())::float AS waits_seconds
       FROM ${schema}.job WHERE id = $1`,
      [id]
    )
    return result.rows[0]
  }

  it("makes a worker's retry options its queue's policy, which pg-boss applies with backoff", async () => {
    scheduler = createPgBossScheduler({ connectionString, schema, pollIntervalMs: 500 })
    const runs = new RunLog()
    await scheduler.work("rt.close-day", runs.handler("a", () => Promise.reject(new Error("cover open"))), {
      retryLimit: 4,
      retryDelaySeconds: 30
    })
    await scheduler.start()
    const id = await scheduler.send("rt.close-day", {})
    await vi.waitFor(async () => expect((await retryColumns(id))?.state).toBe("retry"), { timeout: 15_000 })

    const row = await retryColumns(id)
    expect(row).toMatchObject({ retry_limit: 4, retry_delay: 30, retry_backoff: true })
    // First backoff step: the delay, plus up to as much again of jitter.
    expect(row?.waits_seconds).toBeGreaterThan(25)
    expect(row?.waits_seconds).toBeLessThanOrEqual(60)
  })

  it("gives jobs sent before any worker registered the port's defaults: 3 retries, 10 s doubling", async () => {
    scheduler = createPgBossScheduler({ connectionString, schema, pollIntervalMs: 500 })
    const id = await scheduler.send("digest.daily", { site: "roma-1" })
    expect(await retryColumns(id)).toMatchObject({ state: "created", retry_limit: 3, retry_delay: 10, retry_backoff: true })
  })
})
