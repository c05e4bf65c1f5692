import type { ResolvedWorkerOptions } from "@fisco/core"
import type pg from "pg"
import type PgBoss from "pg-boss"

/**
 * pg-boss 10 only stores jobs of queues that exist (one table partition each), so a queue is
 * created the first time this process sends, schedules or works a job name.
 */
export const createPgBossQueues = (pool: pg.Pool, boss: PgBoss, schema: string) => {
  const known = new Map<string, Promise<void>>()
  const lock = `${schema}.create_queue`

  /**
   * Two instances creating the same new queue at once deadlock inside pg-boss (each attaches a
   * partition to the job table), so creations are serialised by a session advisory lock held on a
   * connection of its own while pg-boss works on another.
   */
  const create = async (name: string): Promise<void> => {
    if ((await boss.getQueue(name)) !== null) return
    const client = await pool.connect()
    try {
      await client.query("SELECT pg_advisory_lock(hashtext($1))", [lock])
      try {
        await boss.createQueue(name)
      } finally {
        await client.query("SELECT pg_advisory_unlock(hashtext($1))", [lock])
      }
    } finally {
      client.release()
    }
  }

  const ensure = (name: string): Promise<void> => {
    let created = known.get(name)
    if (created === undefined) {
      created = create(name)
      known.set(name, created)
      created.catch(() => known.delete(name))
    }
    return created
  }

  return {
    ensure,
    /**
     * pg-boss copies a queue's retry policy into each job as it is inserted, so the worker's
     * options become the queue's: jobs sent from any instance afterwards retry as the worker says.
     */
    async configure(name: string, options: ResolvedWorkerOptions): Promise<void> {
      await ensure(name)
      await boss.updateQueue(name, {
        name,
        retryLimit: options.retryLimit,
        retryDelay: options.retryDelaySeconds,
        retryBackoff: options.retryDelaySeconds > 0
      })
    }
  }
}

export type PgBossQueues = ReturnType<typeof createPgBossQueues>
