import type { Page, PageRequest } from "@fisco/core"
import { expect } from "vitest"

/** Follows `startingAfter` cursors until `hasMore` is false, returning every page. */
export const allPages = async <T>(
  list: (page: PageRequest) => Promise<Page<T>>,
  cursorOf: (item: T) => string,
  limit: number
): Promise<ReadonlyArray<Page<T>>> => {
  const pages: Array<Page<T>> = []
  let startingAfter: string | undefined
  for (;;) {
    const page = await list(startingAfter === undefined ? { limit } : { limit, startingAfter })
    pages.push(page)
    const last = page.data.at(-1)
    if (!page.hasMore || last === undefined) return pages
    startingAfter = cursorOf(last)
  }
}

/**
 * Checks a list of exactly five rows (`keys`, in creation order) pages newest first with a limit
 * of two: full pages, then the remainder, `hasMore` true until the last, no row twice.
 */
export const expectFivePagedNewestFirst = async <T>(
  list: (page: PageRequest) => Promise<Page<T>>,
  keyOf: (item: T) => string,
  keys: ReadonlyArray<string>
): Promise<void> => {
  expect(keys).toHaveLength(5)
  const pages = await allPages(list, keyOf, 2)
  const newest = [...keys].reverse()
  expect(pages.map((p) => p.data.map(keyOf))).toEqual([newest.slice(0, 2), newest.slice(2, 4), newest.slice(4)])
  expect(pages.map((p) => p.hasMore)).toEqual([true, true, false])
  // A limit equal to the row count has nothing more; one less has.
  expect((await list({ limit: 5 })).hasMore).toBe(false)
  expect((await list({ limit: 4 })).hasMore).toBe(true)
}
