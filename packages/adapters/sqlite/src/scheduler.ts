import {
  type Clock,
  createJobLoop,
  decodeOneOffJob,
  decodeRecurringSchedule,
  type JobHandler,
  type JobQueue,
  resolveWorkerOptions,
  type Scheduler,
  systemClock
} from "@fisco/core"
import type BetterSqlite3 from "better-sqlite3"
import { createSqliteJobs } from "./scheduler-jobs.js"
import { createSqliteSchedules } from "./scheduler-schedules.js"
import { createSchedulerTables } from "./scheduler-tables.js"
import { openSqliteDatabase } from "./store-database.js"

export type SqliteSchedulerOptions = (
  | { readonly filename: string; readonly database?: undefined }
  /** A connection you own (e.g. the store's); it stays open after `stop()`. */
  | { readonly database: BetterSqlite3.Database; readonly filename?: undefined }
) & {
  /** How often idle workers look for due jobs and schedules look for due ticks (default 1000). */
  readonly pollIntervalMs?: number
  /**
   * How long a running job stays reserved for its instance (default 15 min). A handler must finish
   * within it: afterwards the job counts as crashed and another instance (or a restart) retries it.
   */
  readonly leaseMs?: number
  readonly clock?: Clock
  /** Storage errors met while polling (default: `console.error`). Handler errors are failed runs, not reported here. */
  readonly onError?: (error: unknown) => void
}

const purgeEveryMs = 3600_000

/**
 * In-process job scheduler on SQLite tables of its own (`fisco_jobs`, `fisco_schedules`). Jobs
 * and schedules are rows, so they survive restarts; claims are single guarded UPDATEs, so several
 * schedulers on one file (even in several processes) never run a job twice. Meant for one server
 * instance: for several, use the pg-boss scheduler on Postgres.
 */
export const createSqliteScheduler = (options: SqliteSchedulerOptions): Scheduler => {
  const clock = options.clock ?? systemClock
  const onError = options.onError ?? ((error: unknown) => console.error("fisco scheduler:", error))
  const db = options.database ?? openSqliteDatabase(options.filename)
  createSchedulerTables(db)

  const jobs = createSqliteJobs(db, clock, options.leaseMs ?? 15 * 60_000)
  const schedules = createSqliteSchedules(db, clock, (name, payload) => jobs.insertJob({ name, payload }, null))
  let lastPurge = 0

  const queue: JobQueue = {
    tick: async () => {
      schedules.enqueueDue()
      if (clock().getTime() - lastPurge >= purgeEveryMs) {
        jobs.purgeFinished()
        lastPurge = clock().getTime()
      }
    },
    claim: async (name, limit, workerOptions) => jobs.claim(name, limit, workerOptions),
    complete: async (job) => jobs.complete(job),
    fail: async (job, reason, workerOptions) => jobs.fail(job, reason, workerOptions)
  }
  const loop = createJobLoop(queue, { pollIntervalMs: options.pollIntervalMs ?? 1000, onError })

  let stopped = false
  const open = () => {
    if (stopped) throw new Error("this scheduler was stopped; create a new one")
  }

  return {
    async work(name, handler, workerOptions) {
      open()
      loop.register(name, handler as JobHandler<unknown>, resolveWorkerOptions(name, workerOptions))
    },
    async send(name, payload, sendOptions) {
      const job = decodeOneOffJob(name, payload, sendOptions)
      open()
      const id = jobs.enqueue(job)
      if (job.runAt === undefined || job.runAt <= clock()) loop.wake()
      return id
    },
    async every(name, key, cron, payload, everyOptions) {
      const schedule = decodeRecurringSchedule(name, key, cron, payload, everyOptions)
      open()
      schedules.save(schedule)
    },
    async unschedule(name, key) {
      open()
      schedules.remove(name, key)
    },
    async cancel(jobId) {
      open()
      return jobs.cancel(jobId)
    },
    async start() {
      open()
      loop.start()
    },
    async stop() {
      if (stopped) return
      stopped = true
      await loop.stop()
      if (options.database === undefined) db.close()
    }
  }
}
