const DAY_MS = 86_400_000

/** Whole days from `from` to `to` (calendar dates YYYY-MM-DD); negative when `to` is earlier. */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)

/** The calendar date of an instant, in UTC. */
export const dayOf = (instant: Date): string => instant.toISOString().slice(0, 10)

/**
 * The calendar date of an instant in an IANA zone: the fiscal day as the shop (and its RT) counts
 * it. Between midnight in Rome and midnight UTC the two differ, and a "days since the last Z" rule
 * must not fire an hour early.
 */
export const dayIn = (instant: Date, timeZone: string): string => {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(instant)
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ""
  return `${part("year")}-${part("month")}-${part("day")}`
}
