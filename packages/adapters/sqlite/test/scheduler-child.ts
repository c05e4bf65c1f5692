/**
 * A SQLite scheduler in a process of its own, for the multi-process tests. It works the job
 * `shared`, printing one JSON line per run, and stops when its stdin closes. With
 * FISCO_CRASH_ON_RUN set, it kills itself in the middle of its first run instead.
 */
import { createSqliteScheduler } from "../src/index.js"

const filename = process.env.FISCO_SCHEDULER_DB ?? ""
const instance = process.env.FISCO_INSTANCE ?? ""
const scheduler = createSqliteScheduler({ filename, pollIntervalMs: 5, leaseMs: 60_000 })

await scheduler.work(
  "shared",
  async (job) => {
    process.stdout.write(`${JSON.stringify({ id: job.id, attempt: job.attempt, instance })}\n`)
    if (process.env.FISCO_CRASH_ON_RUN) process.kill(process.pid, "SIGKILL")
  },
  { concurrency: 4 }
)
await scheduler.start()
process.stdout.write("ready\n")
process.stdin.on("end", () => void scheduler.stop().then(() => process.exit(0)))
process.stdin.resume()
