import type PgBoss from "pg-boss"
import type pg from "pg"

/** Runs `fn` on one connection inside BEGIN … COMMIT, rolling back if it throws. */
export const inTransaction = async <A>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<A>): Promise<A> => {
  const client = await pool.connect()
  try {
    await client.query("BEGIN")
    const result = await fn(client)
    await client.query("COMMIT")
    return result
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

/** Lets pg-boss run its statements on our connection, e.g. inside our transaction. */
export const bossDb = (client: pg.Pool | pg.PoolClient): PgBoss.Db => ({
  executeSql: (text, values) => client.query(text, values)
})
