import { schedulerConformance } from "@fisco/testkit"
import { createPgBossScheduler } from "../src/index.js"
import { connectionString, schedulerDatabase } from "./scheduler-database.js"

const { skip, schema } = await schedulerDatabase("pg-boss scheduler conformance")

schedulerConformance({
  name: "postgres (pg-boss)",
  skip,
  create: async (clock) => {
    const open = async () => createPgBossScheduler({ connectionString, schema, clock, pollIntervalMs: 500 })
    return { scheduler: await open(), another: open }
  },
  settleMs: 2000
})
