import { InvalidInput } from "@fisco/core"
import { CompiledQuery, type DatabaseConnection, type PostgresPool } from "kysely"
import pg from "pg"

/** Unquoted-identifier rules, so the name can be quoted into `search_path` without escaping. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

export const checkSchemaName = (schema: string): string => {
  if (!SCHEMA_NAME.test(schema)) {
    throw new InvalidInput({ issues: [{ path: "schema", message: "must be letters, digits and underscores, not starting with a digit (at most 63)" }] })
  }
  return schema
}

/** Runs once on each new pooled connection: every query of the store then resolves tables in `schema`. */
export const useSchema = (schema: string) => async (connection: DatabaseConnection) => {
  await connection.executeQuery(CompiledQuery.raw(`set search_path to "${schema}"`))
}

/** A caller's pool, lent to kysely: closing the store must not end a pool it did not create. */
export const borrowPool = (pool: pg.Pool): PostgresPool => ({
  connect: () => pool.connect(),
  end: async () => {}
})

export const ownPool = (connectionString: string | undefined): PostgresPool =>
  new pg.Pool(connectionString === undefined ? {} : { connectionString })
