/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
const field = (value: string | number | undefined): string => {
  const text = value === undefined ? "" : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** A CSV document with a header line, CRLF line ends as RFC 4180 has them. */
export const toCsv = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string | number | undefined>>): string =>
  [header, ...rows].map((row) => row.map(field).join(",")).join("\r\n") + "\r\n"

/** Whether the client asked for CSV: `format=csv`, or `Accept: text/csv`. */
export const wantsCsv = (format: string | undefined, accept: string | undefined): boolean =>
  format === "csv" || (format === undefined && /\btext\/csv\b/i.test(accept ?? ""))
