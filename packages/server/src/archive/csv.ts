/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
const field = (value: string | number | undefined): string => {
  const text = value === undefined ? "" : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** CSV text with a header line and CRLF line ends (RFC 4180). */
export const toCsv = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string | number | undefined>>): string =>
  [header, ...rows].map((r) => r.map(field).join(",")).join("\r\n") + "\r\n"

/** Minor units as a dot-decimal amount (`1234` → `12.34`), in integer arithmetic. */
export const decimal = (cents: number): string => {
  const abs = Math.abs(cents)
  return `${cents < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`
}

/** A VAT rate in basis points as a percentage (`2200` → `22.00`). */
export const percent = (basisPoints: number): string => decimal(basisPoints)
