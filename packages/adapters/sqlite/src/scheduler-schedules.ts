import type { Clock, RecurringSchedule } from "@fisco/core"
import type Database from "better-sqlite3"
import { nextTick } from "./scheduler-cron.js"

interface DueRow {
  readonly name: string
  readonly key: string
  readonly cron: string
  readonly timezone: string
  readonly payload: string
}

/**
 * The `fisco_schedules` table. A schedule stores its next tick; enqueueing a due tick and moving
 * `next_run_at` past now happen in one write transaction, so each tick yields one job across all
 * instances, and ticks missed while everything was down collapse into a single catch-up run.
 */
export const createSqliteSchedules = (
  db: Database.Database,
  clock: Clock,
  enqueue: (name: string, payload: string) => void
) => {
  /** Re-registering the same cron (as every boot does) keeps the pending tick, so a missed tick still catches up. */
  const upsert = db.prepare<RecurringSchedule & { nextRunAt: number }>(
    `INSERT INTO fisco_schedules (name, key, cron, timezone, payload, next_run_at)
     VALUES (@name, @key, @cron, @timezone, @payload, @nextRunAt)
     ON CONFLICT (name, key) DO UPDATE SET
       next_run_at = CASE WHEN cron = excluded.cron AND timezone = excluded.timezone THEN next_run_at ELSE excluded.next_run_at END,
       cron = excluded.cron, timezone = excluded.timezone, payload = excluded.payload`
  )
  const remove = db.prepare<[string, string]>(`DELETE FROM fisco_schedules WHERE name = ? AND key = ?`)
  const anyDue = db.prepare<[number], number>(`SELECT 1 FROM fisco_schedules WHERE next_run_at <= ? LIMIT 1`).pluck()
  const due = db.prepare<[number], DueRow>(`SELECT name, key, cron, timezone, payload FROM fisco_schedules WHERE next_run_at <= ?`)
  const advance = db.prepare<[number, string, string]>(`UPDATE fisco_schedules SET next_run_at = ? WHERE name = ? AND key = ?`)

  const enqueueDue = db.transaction((now: Date) => {
    for (const row of due.all(now.getTime())) {
      enqueue(row.name, row.payload)
      advance.run(nextTick(row.cron, row.timezone, now).getTime(), row.name, row.key)
    }
  })

  return {
    save(schedule: RecurringSchedule): void {
      upsert.run({ ...schedule, nextRunAt: nextTick(schedule.cron, schedule.timezone, clock()).getTime() })
    },
    remove(name: string, key: string): void {
      remove.run(name, key)
    },
    /** The cheap read first: most polls find nothing due and take no write lock. */
    enqueueDue(): void {
      const now = clock()
      if (anyDue.get(now.getTime()) !== undefined) enqueueDue.immediate(now)
    }
  }
}
