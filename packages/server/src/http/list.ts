import { MAX_PAGE_LIMIT, type Page, type PageRequest } from "@fisco/core"
import { Schema } from "effect"

const Limit = Schema.NumberFromString.pipe(
  Schema.int({ message: () => "must be an integer" }),
  Schema.between(1, MAX_PAGE_LIMIT, { message: () => `must be between 1 and ${MAX_PAGE_LIMIT}` }),
  Schema.annotations({ description: `Page size, 1 to ${MAX_PAGE_LIMIT} (default 25)` })
)

/** `?limit=&starting_after=`: the cursor is the `next_cursor` of the previous page. */
export const PageQuery = Schema.Struct({
  limit: Schema.optional(Limit),
  starting_after: Schema.optional(
    Schema.String.pipe(Schema.minLength(1), Schema.annotations({ description: "Cursor: the next_cursor of the previous page" }))
  )
})
export type PageQuery = typeof PageQuery.Type

export const pageOf = (query: PageQuery): Partial<PageRequest> => ({
  ...(query.limit === undefined ? {} : { limit: query.limit }),
  ...(query.starting_after === undefined ? {} : { startingAfter: query.starting_after })
})

/** The list envelope every collection answers with. */
export const ListOf = <A, I>(item: Schema.Schema<A, I>, name: string) =>
  Schema.Struct({
    object: Schema.Literal("list"),
    data: Schema.Array(item),
    has_more: Schema.Boolean,
    /** Pass as `starting_after` to get the next page; null on the last one. */
    next_cursor: Schema.NullOr(Schema.String)
  }).annotations({ identifier: `${name}List` })

/** Wraps a store page in the envelope; the cursor of a row is its id unless the list pages by something else. */
export const listOf = <T>(page: Page<T>, cursorOf: (item: T) => string = (item) => (item as { id: string }).id) => {
  const last = page.data.at(-1)
  return { object: "list" as const, data: page.data, has_more: page.hasMore, next_cursor: page.hasMore && last !== undefined ? cursorOf(last) : null }
}
