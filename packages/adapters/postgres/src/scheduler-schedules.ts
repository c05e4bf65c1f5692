import type { Clock, RecurringSchedule } from "@fisco/core"
import type pg from "pg"
import type PgBoss from "pg-boss"
import { nextTick } from "./scheduler-cron.js"
import type { JobData } from "./scheduler-jobs.js"
import type { PgBossQueues } from "./scheduler-queues.js"
import { bossDb, inTransaction } from "./scheduler-transaction.js"

interface DueRow {
  readonly name: string
  readonly key: string
  readonly cron: string
  readonly timezone: string
  readonly payload: unknown
}

/** Ticks handled per transaction; the rest wait for the next poll. */
const batch = 100

/**
 * Recurring schedules in `<schema>.fisco_schedule`, beside pg-boss's tables. pg-boss 10 keeps one
 * schedule per queue (its `schedule` table is keyed by queue name), while the port keys schedules by
 * (name, key), e.g. one poll schedule per device, so Fisco keeps its own table and enqueues ticks
 * through pg-boss. Each row stores its next tick; every instance polls, and a due row is locked
 * (`FOR UPDATE SKIP LOCKED`), its job sent and `next_run_at` moved past now in one transaction:
 * one job per tick across all instances, and ticks missed while all were down collapse into one.
 */
export const createPgSchedules = (pool: pg.Pool, boss: PgBoss, schema: string, clock: Clock, queues: PgBossQueues) => {
  const table = `${schema}.fisco_schedule`

  return {
    /** Idempotent; the advisory lock keeps instances starting together from racing on the DDL. */
    createTable: () =>
      inTransaction(pool, async (client) => {
        await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [table])
        await client.query(`
          CREATE TABLE IF NOT EXISTS ${table} (
            name text NOT NULL,
            key text NOT NULL,
            cron text NOT NULL,
            timezone text NOT NULL,
            payload jsonb NOT NULL,
            next_run_at timestamptz NOT NULL,
            created_on timestamptz NOT NULL DEFAULT now(),
            updated_on timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (name, key)
          );
          CREATE INDEX IF NOT EXISTS fisco_schedule_due ON ${table} (next_run_at)`)
      }),

    /** Re-registering the same cron (as every boot does) keeps the pending tick, so a missed tick still catches up. */
    async save(schedule: RecurringSchedule): Promise<void> {
      const nextRunAt = nextTick(schedule.cron, schedule.timezone, clock())
      await queues.ensure(schedule.name)
      await pool.query(
        `INSERT INTO ${table} AS current (name, key, cron, timezone, payload, next_run_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6)
         ON CONFLICT (name, key) DO UPDATE SET
           next_run_at = CASE WHEN current.cron = EXCLUDED.cron AND current.timezone = EXCLUDED.timezone
                              THEN current.next_run_at ELSE EXCLUDED.next_run_at END,
           cron = EXCLUDED.cron, timezone = EXCLUDED.timezone, payload = EXCLUDED.payload, updated_on = now()`,
        [schedule.name, schedule.key, schedule.cron, schedule.timezone, schedule.payload, nextRunAt]
      )
    },

    async remove(name: string, key: string): Promise<void> {
      await pool.query(`DELETE FROM ${table} WHERE name = $1 AND key = $2`, [name, key])
    },

    /** The cheap read first: most polls find nothing due and open no transaction. */
    async enqueueDue(): Promise<void> {
      const now = clock()
      const due = await pool.query<{ due: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${table} WHERE next_run_at <= $1) AS due`, [now])
      if (due.rows[0]?.due !== true) return
      await inTransaction(pool, async (client) => {
        const rows = await client.query<DueRow>(
          `SELECT name, key, cron, timezone, payload FROM ${table}
           WHERE next_run_at <= $1 ORDER BY next_run_at LIMIT ${batch} FOR UPDATE SKIP LOCKED`,
          [now]
        )
        for (const row of rows.rows) {
          const data: JobData = { payload: row.payload }
          await boss.send(row.name, data, { db: bossDb(client) })
          await client.query(`UPDATE ${table} SET next_run_at = $3, updated_on = now() WHERE name = $1 AND key = $2`, [
            row.name,
            row.key,
            nextTick(row.cron, row.timezone, now)
          ])
        }
      })
    }
  }
}
