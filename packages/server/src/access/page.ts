import { type Page, type PageRequest, pageRequest } from "@fisco/core"

/**
 * Cursor-paginates a list that repositories return whole (API keys, users: a handful per tenant)
 * the same way the store pages everything else: newest first, `startingAfter` = last id seen.
 */
export const paginate = <T extends { readonly id: string }>(items: ReadonlyArray<T>, page?: Partial<PageRequest>): Page<T> => {
  const { limit, startingAfter } = pageRequest(page)
  const newestFirst = [...items].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
  const rest = startingAfter === undefined ? newestFirst : newestFirst.filter((item) => item.id < startingAfter)
  return { data: rest.slice(0, limit), hasMore: rest.length > limit }
}
