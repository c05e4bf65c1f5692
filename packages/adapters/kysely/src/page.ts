import type { Page, PageRequest } from "@fisco/core"
import { type SelectQueryBuilder, sql } from "kysely"

/**
 * Keyset pagination, newest first: rows whose `column` sorts before the cursor, in descending
 * order, one more than asked so `hasMore` needs no count. Ids are ULID-prefixed, so `id` order
 * is creation order.
 */
export const newestFirst = <DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: PageRequest,
  column = "id"
): SelectQueryBuilder<DB, TB, O> => {
  const after = page.startingAfter
  const ordered = query.orderBy(sql.ref(column), "desc").limit(page.limit + 1)
  return after === undefined ? ordered : ordered.where(sql.ref(column), "<", after)
}

/** Cuts the extra row fetched by `newestFirst` into `hasMore`. */
export const toPage = <R, T>(rows: ReadonlyArray<R>, page: PageRequest, decode: (row: R) => T): Page<T> => ({
  data: rows.slice(0, page.limit).map(decode),
  hasMore: rows.length > page.limit
})
