/** Cursor pagination, Stripe style: ask for `limit` rows after the id `startingAfter`. Ids sort by creation time. */
export interface PageRequest {
  readonly limit: number
  readonly startingAfter?: string
}

export interface Page<T> {
  readonly data: ReadonlyArray<T>
  readonly hasMore: boolean
}

export const DEFAULT_PAGE_LIMIT = 25
export const MAX_PAGE_LIMIT = 100
