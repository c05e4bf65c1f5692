import type { Job, OneOffJob } from "@fisco/core"
import type pg from "pg"
import type PgBoss from "pg-boss"
import type { PgBossQueues } from "./scheduler-queues.js"
import { bossDb, inTransaction } from "./scheduler-transaction.js"

/** What pg-boss stores as a job's data: the payload, wrapped so any JSON value (even a bare string) fits. */
export interface JobData {
  readonly payload: unknown
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const inserted = (id: string | null): string => {
  if (id === null) throw new Error("pg-boss refused the job")
  return id
}

/**
 * One-off jobs on pg-boss. pg-boss claims with `FOR UPDATE SKIP LOCKED`, so every instance polling
 * a queue gets different jobs. "Waiting" means pg-boss's `created` or `retry` state.
 */
export const createPgBossJobs = (pool: pg.Pool, boss: PgBoss, schema: string, queues: PgBossQueues) => {
  const findWaiting = `SELECT id FROM ${schema}.job WHERE name = $1 AND singleton_key = $2 AND state < 'active' LIMIT 1`
  const cancelWaiting = `UPDATE ${schema}.job SET state = 'cancelled', completed_on = now() WHERE id = $1 AND state < 'active'`

  return {
    async enqueue(job: OneOffJob): Promise<string> {
      await queues.ensure(job.name)
      const data: JobData = { payload: JSON.parse(job.payload) }
      const singletonKey = job.singletonKey
      if (singletonKey === undefined) return inserted(await boss.send(job.name, data, { startAfter: job.runAt }))
      // pg-boss 10 has no "one waiting job per key" policy that leaves keyless jobs alone, so the
      // lookup and the insert share a transaction, serialised per (name, key) by an advisory lock.
      return inTransaction(pool, async (client) => {
        await client.query("SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))", [job.name, singletonKey])
        const waiting = await client.query<{ id: string }>(findWaiting, [job.name, singletonKey])
        if (waiting.rows[0] !== undefined) return waiting.rows[0].id
        return inserted(await boss.send(job.name, data, { startAfter: job.runAt, singletonKey, db: bossDb(client) }))
      })
    },

    /** pg-boss's own cancel also stops active jobs; the port cancels only waiting ones. */
    async cancel(id: string): Promise<boolean> {
      if (!uuid.test(id)) return false
      const result = await pool.query(cancelWaiting, [id])
      return result.rowCount === 1
    },

    async claim(name: string, limit: number): Promise<ReadonlyArray<Job>> {
      const jobs = await boss.fetch<JobData>(name, { batchSize: limit, includeMetadata: true })
      return jobs.map((job) => ({ id: job.id, name: job.name, payload: job.data?.payload ?? null, attempt: job.retryCount + 1 }))
    },

    async complete(job: Job): Promise<void> {
      await boss.complete(job.name, job.id)
    },

    /** pg-boss decides between `retry` (after the queue's backoff) and `failed` from the job's retry columns. */
    async fail(job: Job, reason: string): Promise<void> {
      await boss.fail(job.name, job.id, { message: reason })
    }
  }
}
