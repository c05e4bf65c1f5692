import type { CalendarDate, Timestamp } from "@fisco/core"

/** Devices count days in Italy's zone; an RT's clock has no offset of its own. */
export const DEVICE_TIME_ZONE = "Europe/Rome"

const pad = (n: number, width = 2) => String(n).padStart(width, "0")

const isRealDate = (year: number, month: number, day: number): boolean => {
  const d = new Date(Date.UTC(year, month - 1, day))
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day
}

const calendarDate = (year: number, month: number, day: number): CalendarDate | undefined =>
  isRealDate(year, month, day) ? `${year}-${pad(month)}-${pad(day)}` : undefined

/** `DDMMYY` (directIO fields) → `YYYY-MM-DD`; all zeros, blanks or an impossible date → undefined. */
export const fromDdmmyy = (text: string): CalendarDate | undefined => {
  if (!/^\d{6}$/.test(text) || text === "000000") return undefined
  return calendarDate(2000 + Number(text.slice(4, 6)), Number(text.slice(2, 4)), Number(text.slice(0, 2)))
}

/** `YYYYMMDD` (`rtExpiryCD`/`rtExpiryCA`) → `YYYY-MM-DD`. */
export const fromYyyymmdd = (text: string): CalendarDate | undefined => {
  if (!/^\d{8}$/.test(text)) return undefined
  return calendarDate(Number(text.slice(0, 4)), Number(text.slice(4, 6)), Number(text.slice(6, 8)))
}

/** `dd/mm/yyyy` (receipt replies; one-digit day and month seen too) → `YYYY-MM-DD`. */
export const fromSlashed = (text: string): CalendarDate | undefined => {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim())
  return m ? calendarDate(Number(m[3]), Number(m[2]), Number(m[1])) : undefined
}

/** `YYYY-MM-DD` → `ddmmyyyy`, as refund and void references and directIO 9205 write dates. */
export const toDdmmyyyy = (date: CalendarDate): string => `${date.slice(8, 10)}${date.slice(5, 7)}${date.slice(0, 4)}`

/** `YYYY-MM-DD` → `YYYYMMDD`, the archive's folder names. */
export const toYyyymmdd = (date: CalendarDate): string => date.replaceAll("-", "")

/** The calendar date at `instant` in `timeZone`. */
export const dateIn = (instant: Date, timeZone = DEVICE_TIME_ZONE): CalendarDate => {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(instant)
  const get = (type: string) => parts.find((p) => p.type === type)!.value
  return `${get("year")}-${get("month")}-${get("day")}`
}

const offsetMinutesAt = (instant: Date, timeZone: string): number => {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" }).formatToParts(instant).find((p) => p.type === "timeZoneName")?.value ?? "GMT"
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name)
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0
}

/**
 * A wall-clock time read off the device (date + `hh:mm[:ss]`) as an ISO timestamp with the zone's
 * offset, so the date part stays the device's own fiscal date.
 */
export const deviceTimestamp = (date: CalendarDate, time: string, timeZone = DEVICE_TIME_ZONE): Timestamp | undefined => {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time.trim())
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) return undefined
  const wall = `${date}T${pad(Number(m[1]))}:${m[2]}:${m[3] ?? "00"}`
  const asUtc = new Date(`${wall}Z`)
  const offset = offsetMinutesAt(new Date(asUtc.getTime() - offsetMinutesAt(asUtc, timeZone) * 60_000), timeZone)
  const sign = offset < 0 ? "-" : "+"
  return `${wall}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export const daysBetween = (from: CalendarDate, to: CalendarDate): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
