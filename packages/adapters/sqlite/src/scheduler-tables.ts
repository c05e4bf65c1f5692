import type Database from "better-sqlite3"

/**
 * The scheduler's own tables, apart from the store's migrations: they are created idempotently by
 * whichever instance starts first, so the scheduler also works on a database without a store.
 * Times are epoch milliseconds.
 */
const ddl = `
CREATE TABLE IF NOT EXISTS fisco_jobs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  payload TEXT NOT NULL,
  -- pending (waiting, also between retries) | active | completed | failed | cancelled
  state TEXT NOT NULL,
  run_at INTEGER NOT NULL,
  -- runs started so far; the claim that starts a run increments it
  attempt INTEGER NOT NULL DEFAULT 0,
  singleton_key TEXT,
  -- an active job whose lease ran out belongs to an instance that died: it is taken back
  locked_until INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX IF NOT EXISTS fisco_jobs_due ON fisco_jobs (name, state, run_at);
CREATE INDEX IF NOT EXISTS fisco_jobs_singleton ON fisco_jobs (name, singleton_key) WHERE singleton_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS fisco_jobs_finished ON fisco_jobs (finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS fisco_schedules (
  name TEXT NOT NULL,
  key TEXT NOT NULL,
  cron TEXT NOT NULL,
  timezone TEXT NOT NULL,
  payload TEXT NOT NULL,
  next_run_at INTEGER NOT NULL,
  PRIMARY KEY (name, key)
);
CREATE INDEX IF NOT EXISTS fisco_schedules_due ON fisco_schedules (next_run_at);
`

export const createSchedulerTables = (db: Database.Database): void => {
  db.exec(ddl)
}
