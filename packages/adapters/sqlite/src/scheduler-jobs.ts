import { randomUUID } from "node:crypto"
import type { Clock, Job, OneOffJob, ResolvedWorkerOptions } from "@fisco/core"
import type Database from "better-sqlite3"

/** Finished jobs are kept this long for inspection, then deleted. */
const retentionMs = 7 * 24 * 3600_000

interface ClaimedRow {
  readonly id: string
  readonly name: string
  readonly payload: string
  readonly attempt: number
}

/**
 * The `fisco_jobs` table. Every state change is one UPDATE guarded by the state (and attempt) it
 * expects, so two connections, even in two processes, can never both claim or finish the same run.
 */
export const createSqliteJobs = (db: Database.Database, clock: Clock, leaseMs: number) => {
  const insert = db.prepare<{ id: string; name: string; payload: string; runAt: number; singletonKey: string | null; now: number }>(
    `INSERT INTO fisco_jobs (id, name, payload, state, run_at, singleton_key, created_at)
     VALUES (@id, @name, @payload, 'pending', @runAt, @singletonKey, @now)`
  )
  const findWaiting = db
    .prepare<[string, string], string>(
      `SELECT id FROM fisco_jobs WHERE name = ? AND singleton_key = ? AND state = 'pending' ORDER BY rowid LIMIT 1`
    )
    .pluck()
  /** A lease that ran out means the instance running the job died: count it as a failed run. */
  const takeBackExpired = db.prepare<{ name: string; now: number; retryLimit: number }>(
    `UPDATE fisco_jobs SET
       state = CASE WHEN attempt <= @retryLimit THEN 'pending' ELSE 'failed' END,
       finished_at = CASE WHEN attempt <= @retryLimit THEN NULL ELSE @now END,
       run_at = @now, locked_until = NULL, last_error = 'lease expired: the instance running it stopped'
     WHERE name = @name AND state = 'active' AND locked_until <= @now`
  )
  const claimDue = db.prepare<{ name: string; now: number; limit: number; lockedUntil: number }, ClaimedRow>(
    `UPDATE fisco_jobs SET state = 'active', attempt = attempt + 1, locked_until = @lockedUntil
     WHERE id IN (
       SELECT id FROM fisco_jobs WHERE name = @name AND state = 'pending' AND run_at <= @now
       ORDER BY run_at, rowid LIMIT @limit)
     RETURNING id, name, payload, attempt`
  )
  const markCompleted = db.prepare<{ id: string; attempt: number; now: number }>(
    `UPDATE fisco_jobs SET state = 'completed', finished_at = @now, locked_until = NULL
     WHERE id = @id AND state = 'active' AND attempt = @attempt`
  )
  const markFailed = db.prepare<{ id: string; attempt: number; now: number; retryLimit: number; retryAt: number; error: string }>(
    `UPDATE fisco_jobs SET
       state = CASE WHEN attempt <= @retryLimit THEN 'pending' ELSE 'failed' END,
       finished_at = CASE WHEN attempt <= @retryLimit THEN NULL ELSE @now END,
       run_at = @retryAt, locked_until = NULL, last_error = @error
     WHERE id = @id AND state = 'active' AND attempt = @attempt`
  )
  const markCancelled = db.prepare<{ id: string; now: number }>(
    `UPDATE fisco_jobs SET state = 'cancelled', finished_at = @now WHERE id = @id AND state = 'pending'`
  )
  const deleteFinished = db.prepare<{ before: number }>(`DELETE FROM fisco_jobs WHERE finished_at < @before`)

  const insertJob = (job: OneOffJob, singletonKey: string | null): string => {
    const now = clock().getTime()
    const id = randomUUID()
    insert.run({ id, name: job.name, payload: job.payload, runAt: job.runAt?.getTime() ?? now, singletonKey, now })
    return id
  }
  /** IMMEDIATE takes the write lock before the lookup, so no other connection can slip a twin in between. */
  const insertSingleton = db.transaction(
    (job: OneOffJob, singletonKey: string): string => findWaiting.get(job.name, singletonKey) ?? insertJob(job, singletonKey)
  )

  return {
    enqueue: (job: OneOffJob): string =>
      job.singletonKey === undefined ? insertJob(job, null) : insertSingleton.immediate(job, job.singletonKey),

    claim(name: string, limit: number, options: ResolvedWorkerOptions): ReadonlyArray<Job> {
      const now = clock().getTime()
      takeBackExpired.run({ name, now, retryLimit: options.retryLimit })
      return claimDue
        .all({ name, now, limit, lockedUntil: now + leaseMs })
        .map((row) => ({ id: row.id, name: row.name, payload: JSON.parse(row.payload) as unknown, attempt: row.attempt }))
    },

    complete(job: Job): void {
      markCompleted.run({ id: job.id, attempt: job.attempt, now: clock().getTime() })
    },

    /** Backoff doubles per run: `retryDelaySeconds`, then 2×, 4×… */
    fail(job: Job, reason: string, options: ResolvedWorkerOptions): void {
      const now = clock().getTime()
      const retryAt = now + options.retryDelaySeconds * 1000 * 2 ** (job.attempt - 1)
      markFailed.run({ id: job.id, attempt: job.attempt, now, retryLimit: options.retryLimit, retryAt, error: reason })
    },

    cancel: (id: string): boolean => markCancelled.run({ id, now: clock().getTime() }).changes === 1,

    purgeFinished(): void {
      deleteFinished.run({ before: clock().getTime() - retentionMs })
    },

    insertJob
  }
}

export type SqliteJobs = ReturnType<typeof createSqliteJobs>
