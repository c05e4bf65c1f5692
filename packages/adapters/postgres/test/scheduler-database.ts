import { dropSchema, freshName, postgresAvailable, testDatabaseUrl } from "@fisco/testkit/postgres"
import { afterAll } from "vitest"

export const connectionString = testDatabaseUrl()

/**
 * Whether the test file runs (an unreachable Postgres fails it under CI, skips it loudly elsewhere)
 * and the pg-boss schema it gets to itself, dropped after its tests.
 */
export const schedulerDatabase = async (suite: string): Promise<{ readonly skip: boolean; readonly schema: string }> => {
  const available = await postgresAvailable(suite, connectionString)
  const schema = freshName()
  if (available) afterAll(() => dropSchema(connectionString, schema))
  return { skip: !available, schema }
}
