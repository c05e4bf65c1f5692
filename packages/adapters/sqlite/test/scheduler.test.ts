import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { schedulerConformance } from "@fisco/testkit"
import { createSqliteScheduler } from "../src/index.js"

schedulerConformance({
  name: "sqlite",
  create: async (clock) => {
    const dir = await mkdtemp(join(tmpdir(), "fisco-scheduler-"))
    const open = async () => createSqliteScheduler({ filename: join(dir, "fisco.db"), clock, pollIntervalMs: 50 })
    return { scheduler: await open(), another: open, dispose: () => rm(dir, { recursive: true, force: true }) }
  },
  settleMs: 400
})
