/** The printer's wall clock: a device in a shop counts days and prints times in its own time zone. */
export interface LocalTime {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0")

export const localTime = (instant: Date, timeZone: string): LocalTime => {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit"
  }).formatToParts(instant)
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value)
  return { year: part("year"), month: part("month"), day: part("day"), hour: part("hour"), minute: part("minute"), second: part("second") }
}

/** 2024-05-01 */
export const isoDate = (t: LocalTime) => `${t.year}-${pad(t.month)}-${pad(t.day)}`
/** 2024-05-01T10:30:00, no offset: how the device writes local date-times in its XML. */
export const isoDateTime = (t: LocalTime) => `${isoDate(t)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`
/** 20240501, the archive folder name. */
export const compactDate = (t: LocalTime) => `${t.year}${pad(t.month)}${pad(t.day)}`
/** 01052024, as refund/void references and 9205 write dates. */
export const ddmmyyyy = (t: LocalTime) => `${pad(t.day)}${pad(t.month)}${t.year}`
/** 010524, as directIO replies write dates. */
export const ddmmyy = (t: LocalTime) => `${pad(t.day)}${pad(t.month)}${pad(t.year % 100)}`
export const hhmmss = (t: LocalTime) => `${pad(t.hour)}${pad(t.minute)}${pad(t.second)}`
/** 01/05/2024 and 10:30, as receipt replies write them. */
export const slashDate = (t: LocalTime) => `${pad(t.day)}/${pad(t.month)}/${t.year}`
export const clockTime = (t: LocalTime) => `${pad(t.hour)}:${pad(t.minute)}`

/** A calendar date (YYYY-MM-DD) as local time parts at midnight. */
export const fromIsoDate = (date: string): LocalTime => {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number]
  return { year, month, day, hour: 0, minute: 0, second: 0 }
}

/** The calendar date `days` after `date` (YYYY-MM-DD), computed in UTC so no zone shifts it. */
export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
