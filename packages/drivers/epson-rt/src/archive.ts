import { type CalendarDate, type DeviceError, DeviceProtocolError, DeviceRejected } from "@fisco/core"
import { Duration, Effect, Schedule } from "effect"
import { createHash } from "node:crypto"
import { toYyyymmdd } from "./codec/dates.js"
import { basicAuthorization, deviceUrl } from "./http-transport.js"
import { type RawResponse, rawGet } from "./raw-http.js"

/** Where an Epson RT keeps each day's AdE files: `/www/dati-rt/YYYYMMDD/`. */
export const ARCHIVE_PATH = "www/dati-rt"

/** CORRISP: the signed corrispettivi sent to AdE; ESITO: AdE's signed outcome; ZREPORT: the text Z report. */
export type ArchiveFileKind = "corrisp" | "esito" | "zreport" | "other"

export interface ArchiveEntry {
  readonly name: string
  readonly kind: ArchiveFileKind
  /** The Z closure the file belongs to, from the `ZZZZ-KIND` part of its name. */
  readonly zNumber?: number
}

export interface ArchiveFile extends ArchiveEntry {
  readonly date: CalendarDate
  readonly body: string
  /** SHA-256 of the bytes as served, hex: what an archive stores alongside the file. */
  readonly sha256: string
}

export interface ArchiveOptions {
  readonly url: string
  readonly timeoutMs: number
  readonly username?: string
  readonly password?: string
  /** Extra attempts when the file server is slow or busy (it is, while the printer prints); default 2. */
  readonly retries?: number
  readonly backoffMs?: number
}

/** Reads the RT's on-device archive. Not part of `FiscalPrinter`: a monitor's tool. */
export interface ArchiveReader {
  /** The files of fiscal day `date`; empty when the device has no folder for that day. */
  readonly list: (date: CalendarDate) => Effect.Effect<ReadonlyArray<ArchiveEntry>, DeviceError>
  readonly read: (date: CalendarDate, name: string) => Effect.Effect<ArchiveFile, DeviceError>
}

const KIND_IN_NAME = /(\d{4})-(CORRISP|ESITO|ZREPORT)/i

/** What a file is, from its name (`<matricola>…<ZZZZ>-CORRISP….xml`, `…-ESITO-<id>.xml`, `…<ZZZZ>-ZREPORT.txt`). */
export const classifyArchiveFile = (name: string): ArchiveEntry => {
  const m = KIND_IN_NAME.exec(name)
  if (!m) return { name, kind: "other" }
  return { name, kind: m[2]!.toLowerCase() as ArchiveFileKind, zNumber: Number(m[1]) }
}

/** The file names an HTML directory index links to (`<a href>`), without parent or sub-directory links. */
export const parseDirectoryIndex = (html: string): ReadonlyArray<ArchiveEntry> => {
  const names = new Set<string>()
  for (const m of html.matchAll(/<a\s[^>]*href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const href = (m[1] ?? m[2] ?? m[3] ?? "").split(/[?#]/)[0]!
    const name = decodeURIComponentSafe(href.slice(href.lastIndexOf("/", href.length - 2) + 1))
    if (name === "" || name.endsWith("/") || name.startsWith(".") || href.startsWith("?")) continue
    names.add(name)
  }
  return [...names].sort().map(classifyArchiveFile)
}

const decodeURIComponentSafe = (text: string): string => {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

const SAFE_NAME = /^[A-Za-z0-9._-]+$/

export const archiveReader = (options: ArchiveOptions): ArchiveReader => {
  const authorization = basicAuthorization(options.username, options.password)
  const get = (path: string): Effect.Effect<RawResponse, DeviceError> =>
    Effect.retry(rawGet(deviceUrl(options.url, path), { timeoutMs: options.timeoutMs, ...(authorization ? { headers: { Authorization: authorization } } : {}) }), {
      schedule: Schedule.exponential(Duration.millis(options.backoffMs ?? 200)),
      times: options.retries ?? 2
    })
  const folder = (date: CalendarDate) => `${ARCHIVE_PATH}/${toYyyymmdd(date)}/`
  const refused = (response: RawResponse, what: string) =>
    response.status === 503 ? Effect.fail(new DeviceRejected({ deviceCode: "HTTP_503", reason: `${what}: file server busy` })) : Effect.fail(new DeviceRejected({ deviceCode: `HTTP_${response.status}`, reason: `${what}: HTTP ${response.status}` }))
  return {
    list: (date) =>
      Effect.flatMap(get(folder(date)), (response) => {
        if (response.status === 404) return Effect.succeed([])
        if (response.status !== 200) return refused(response, `listing ${folder(date)}`)
        return Effect.succeed(parseDirectoryIndex(response.body.toString("latin1")))
      }),
    read: (date, name) => {
      if (!SAFE_NAME.test(name)) return Effect.fail(new DeviceProtocolError({ reason: `not an archive file name: ${JSON.stringify(name)}` }))
      return Effect.flatMap(get(`${folder(date)}${name}`), (response) =>
        response.status !== 200
          ? refused(response, `reading ${name}`)
          : Effect.succeed({
              ...classifyArchiveFile(name),
              date,
              body: response.body.toString("utf8"),
              sha256: createHash("sha256").update(response.body).digest("hex")
            })
      )
    }
  }
}

/** The day totals printed on a `ZREPORT.txt`, in cents (`TOTALE GIORNO VENDITE 12,50` and the like). */
export interface ZReportTotals {
  readonly sales?: number
  readonly refunds?: number
  readonly voids?: number
  readonly documents?: number
  readonly zNumber?: number
}

const lastNumberOn = (text: string, label: string): string | undefined => {
  const line = text.split(/\r?\n/).find((l) => l.trim().toUpperCase().startsWith(label))
  return line?.trim().split(/\s+/).pop()
}

const cents = (text: string | undefined): number | undefined => {
  // Italian print: "1.234,56" → drop thousands dots, decimal comma.
  const m = text === undefined ? null : /^(-)?(\d{1,3}(?:\.\d{3})*|\d+),(\d{2})$/.exec(text)
  return m ? (m[1] ? -1 : 1) * (Number(m[2]!.replaceAll(".", "")) * 100 + Number(m[3])) : undefined
}

export const parseZReportText = (text: string): ZReportTotals => {
  const integer = (label: string) => {
    const value = lastNumberOn(text, label)
    return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined
  }
  const entries = {
    sales: cents(lastNumberOn(text, "TOTALE GIORNO VENDITE")),
    refunds: cents(lastNumberOn(text, "TOTALE GIORNO RESI")),
    voids: cents(lastNumberOn(text, "TOTALE GIORNO ANNULLAMENTI")),
    documents: integer("NUMERO DOCUMENTI COMMERCIALI"),
    zNumber: integer("NUMERO AZZERAMENTI")
  }
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined))
}
