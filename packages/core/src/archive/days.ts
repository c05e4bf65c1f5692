const DAY_MS = 86_400_000

/** Whole days from `from` to `to` (calendar dates YYYY-MM-DD); negative when `to` is earlier. */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)

/** The calendar date of an instant, in UTC. */
export const dayOf = (instant: Date): string => instant.toISOString().slice(0, 10)
