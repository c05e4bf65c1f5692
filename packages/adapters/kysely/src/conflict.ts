import { Conflict } from "@fisco/core"
import type { StoreDialect } from "./store-dialect.js"

/** Runs a write, turning a unique-constraint violation into the domain `Conflict` with a reason callers can show. */
export const uniquely = async <T>(dialect: StoreDialect, reason: string, write: () => Promise<T>): Promise<T> => {
  try {
    return await write()
  } catch (error) {
    if (dialect.isUniqueViolation(error)) throw new Conflict({ reason })
    throw error
  }
}
