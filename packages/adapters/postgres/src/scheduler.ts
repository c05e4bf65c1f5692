import {
  type Clock,
  createJobLoop,
  decodeOneOffJob,
  decodeRecurringSchedule,
  InvalidInput,
  type JobHandler,
  type JobQueue,
  resolveWorkerOptions,
  type Scheduler,
  systemClock
} from "@fisco/core"
import pg from "pg"
import PgBoss from "pg-boss"
import { createPgBossJobs } from "./scheduler-jobs.js"
import { createPgBossQueues } from "./scheduler-queues.js"
import { createPgSchedules } from "./scheduler-schedules.js"
import { bossDb } from "./scheduler-transaction.js"

export interface PgBossSchedulerOptions {
  readonly connectionString: string
  /** Postgres schema for pg-boss's tables and Fisco's `fisco_schedule` (default `pgboss`). */
  readonly schema?: string
  /** How often idle workers poll for jobs and for due schedule ticks (default 2000, at least 500 as in pg-boss). */
  readonly pollIntervalMs?: number
  /** Time source for cron ticks; job due times (`runAt`, retries) follow the database's clock. */
  readonly clock?: Clock
  /** Storage errors met while polling (default: `console.error`). Handler errors are failed runs, not reported here. */
  readonly onError?: (error: unknown) => void
}

const schemaName = /^[a-z_][a-z0-9_]{0,49}$/

const checkOptions = (options: PgBossSchedulerOptions) => {
  const schema = options.schema ?? "pgboss"
  const pollIntervalMs = options.pollIntervalMs ?? 2000
  const issues = [
    ...(schemaName.test(schema) ? [] : [{ path: "schema", message: "must be a lowercase Postgres identifier (letters, digits, _)" }]),
    ...(Number.isInteger(pollIntervalMs) && pollIntervalMs >= 500 ? [] : [{ path: "pollIntervalMs", message: "must be an integer ≥ 500" }])
  ]
  if (issues.length > 0) throw new InvalidInput({ issues })
  return { schema, pollIntervalMs }
}

/**
 * Job scheduler on Postgres through pg-boss 10, for several server instances sharing one database.
 * pg-boss stores the jobs and claims them with `FOR UPDATE SKIP LOCKED` (each job runs in exactly
 * one instance), retries them with backoff and expires runs whose instance died; recurring
 * schedules live in Fisco's own table beside pg-boss's (see `createPgSchedules` for why).
 */
export const createPgBossScheduler = (options: PgBossSchedulerOptions): Scheduler => {
  const { schema, pollIntervalMs } = checkOptions(options)
  const clock = options.clock ?? systemClock
  const onError = options.onError ?? ((error: unknown) => console.error("fisco scheduler:", error))

  // One pool for pg-boss and for our own transactions.
  const pool = new pg.Pool({ connectionString: options.connectionString, application_name: "fisco-scheduler" })
  pool.on("error", onError)
  const boss = new PgBoss({
    db: bossDb(pool),
    schema,
    // Cron is ours (per-key schedules); pg-boss's timekeeper would only poll an empty table.
    schedule: false,
    // The port's defaults, for jobs sent before any instance registered a worker for their name.
    retryLimit: 3,
    retryDelay: 10,
    retryBackoff: true
  })
  boss.on("error", onError)

  const queues = createPgBossQueues(pool, boss, schema)
  const jobs = createPgBossJobs(pool, boss, schema, queues)
  const schedules = createPgSchedules(pool, boss, schema, clock, queues)
  const queue: JobQueue = {
    tick: () => schedules.enqueueDue(),
    claim: (name, limit) => jobs.claim(name, limit),
    complete: (job) => jobs.complete(job),
    fail: (job, reason) => jobs.fail(job, reason)
  }
  const loop = createJobLoop(queue, { pollIntervalMs, onError })

  let stopped = false
  let opening: Promise<void> | undefined
  /** Installs or migrates pg-boss's schema and our table on first use. */
  const open = (): Promise<void> => {
    if (stopped) return Promise.reject(new Error("this scheduler was stopped; create a new one"))
    opening ??= boss.start().then(() => schedules.createTable())
    return opening
  }

  return {
    async work(name, handler, workerOptions) {
      const resolved = resolveWorkerOptions(name, workerOptions)
      await open()
      await queues.configure(name, resolved)
      loop.register(name, handler as JobHandler<unknown>, resolved)
    },
    async send(name, payload, sendOptions) {
      const job = decodeOneOffJob(name, payload, sendOptions)
      await open()
      const id = await jobs.enqueue(job)
      if (job.runAt === undefined || job.runAt <= clock()) loop.wake()
      return id
    },
    async every(name, key, cron, payload, everyOptions) {
      const schedule = decodeRecurringSchedule(name, key, cron, payload, everyOptions)
      await open()
      await schedules.save(schedule)
    },
    async unschedule(name, key) {
      await open()
      await schedules.remove(name, key)
    },
    async cancel(jobId) {
      await open()
      return jobs.cancel(jobId)
    },
    async start() {
      await open()
      loop.start()
    },
    async stop() {
      if (stopped) return
      stopped = true
      await loop.stop()
      await opening?.catch(() => undefined)
      await boss.stop({ graceful: true, wait: true })
      await pool.end()
    }
  }
}
