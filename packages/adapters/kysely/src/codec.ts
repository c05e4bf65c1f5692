import type { SqlBool } from "kysely"

/** JSON columns are text on every database. */
export const toJson = (value: unknown): string => JSON.stringify(value)
export const fromJson = <T>(text: string): T => JSON.parse(text) as T

/** Reads a boolean column: Postgres returns `true`, SQLite `1`. */
export const fromBool = (value: SqlBool): boolean => value === true || value === 1

/**
 * `{ [key]: value }` when the column holds a value, `{}` when it is null: optional domain fields
 * are absent from decoded objects, never `null` or `undefined`.
 */
export const optional = <K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } =>
  (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V }

/** A nullable column's value for an optional domain field. */
export const orNull = <V>(value: V | undefined): V | null => (value === undefined ? null : value)
