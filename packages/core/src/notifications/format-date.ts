/**
 * `dd/mm/yyyy hh:mm` in the given IANA zone, as Italian readers write dates. Built from parts rather
 * than the locale's own pattern so the digest reads the same whatever ICU data the host carries.
 */
export const formatInZone = (at: string | Date, timezone: string): string => {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23"
  }).formatToParts(typeof at === "string" ? new Date(at) : at)
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ""
  return `${part("day")}/${part("month")}/${part("year")} ${part("hour")}:${part("minute")}`
}
