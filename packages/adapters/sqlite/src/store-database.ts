import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import BetterSqlite3 from "better-sqlite3"

/** How long a write waits for another connection's write lock before failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000

const inMemory = (filename: string) => filename === "" || filename === ":memory:"

/**
 * Opens a SQLite database the way Fisco uses it: parent directories created, WAL journal (readers
 * never block the writer), `synchronous = NORMAL` (safe with WAL), foreign keys enforced, and a
 * busy timeout so a second connection waits for the write lock instead of failing at once.
 *
 * better-sqlite3 is synchronous: a connection waiting on the busy timeout blocks its whole thread.
 * Within one process, share one kysely instance (`openSqliteKysely`) rather than opening several
 * connections that write to the same file.
 */
export const openSqliteDatabase = (filename: string): BetterSqlite3.Database => {
  if (!inMemory(filename)) mkdirSync(dirname(filename), { recursive: true })
  const db = new BetterSqlite3(filename)
  db.pragma("journal_mode = WAL")
  db.pragma("synchronous = NORMAL")
  db.pragma("foreign_keys = ON")
  db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`)
  return db
}
