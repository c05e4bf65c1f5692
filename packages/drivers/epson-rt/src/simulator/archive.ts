import type { Socket } from "node:net"

/** A file the printer keeps under `/www/dati-rt/YYYYMMDD/`. */
export interface ArchivedFile {
  readonly name: string
  readonly contentType: string
  readonly body: string
  /** Device-local date-time it was written, for the listing. */
  readonly writtenAt: string
}

/** The printer's on-device archive: one folder per day (YYYYMMDD) of CORRISP, ESITO and ZREPORT files. */
export const createArchive = () => {
  let folders = new Map<string, Map<string, ArchivedFile>>()
  return {
    write: (folder: string, file: ArchivedFile) => {
      const files = folders.get(folder) ?? new Map<string, ArchivedFile>()
      files.set(file.name, file)
      folders.set(folder, files)
    },
    folders: (): ReadonlyArray<string> => [...folders.keys()].sort(),
    files: (folder: string): ReadonlyArray<ArchivedFile> | undefined => {
      const files = folders.get(folder)
      return files ? [...files.values()].sort((a, b) => a.name.localeCompare(b.name)) : undefined
    },
    read: (folder: string, name: string): ArchivedFile | undefined => folders.get(folder)?.get(name),
    clear: () => {
      folders = new Map()
    }
  }
}
export type Archive = ReturnType<typeof createArchive>

export const ARCHIVE_ROOT = "/www/dati-rt/"

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

/** An HTML index page like the printer's web server writes: one `<a href>` per entry, relative. */
export const listingHtml = (path: string, entries: ReadonlyArray<{ readonly href: string; readonly when?: string; readonly size?: number }>): string => {
  const rows = entries.map((e) => `<a href="${escapeHtml(e.href)}">${escapeHtml(e.href)}</a>${e.when ? `  ${e.when.replace("T", " ")}` : ""}${e.size === undefined ? "" : `  ${e.size}`}`)
  return (
    `<html><head><title>Index of ${escapeHtml(path)}</title></head><body><h1>Index of ${escapeHtml(path)}</h1><pre>` +
    [`<a href="../">../</a>`, ...rows].join("\n") +
    `</pre></body></html>\n`
  )
}

/** An archive response: status, content type and body, before it goes on the wire. */
export interface ArchiveResponse {
  readonly status: number
  readonly contentType: string
  readonly body: string
}

/** Resolves a GET under `/www/dati-rt/` to a listing or a file. */
export const resolveArchivePath = (archive: Archive, path: string): ArchiveResponse => {
  const notFound = { status: 404, contentType: "text/html", body: "<html><body><h1>404 Not Found</h1></body></html>\n" }
  const rest = path.slice(ARCHIVE_ROOT.length)
  if (rest === "") return { status: 200, contentType: "text/html", body: listingHtml(path, archive.folders().map((f) => ({ href: `${f}/` }))) }
  const match = /^(\d{8})\/(.*)$/.exec(rest)
  if (!match) return notFound
  const [, folder, name] = match as unknown as [string, string, string]
  if (name === "") {
    const files = archive.files(folder)
    return files
      ? { status: 200, contentType: "text/html", body: listingHtml(path, files.map((f) => ({ href: f.name, when: f.writtenAt, size: Buffer.byteLength(f.body) }))) }
      : notFound
  }
  const file = archive.read(folder, decodeURIComponent(name))
  return file ? { status: 200, contentType: file.contentType, body: file.body } : notFound
}

/**
 * Writes `response` straight on the socket with the header the real printer's web server sends:
 * `Transfer-Encoding: chunked` twice while the body is not chunked. node:http would never emit
 * that, so it is written by hand; the connection closes after the body.
 */
export const writeMalformed = (socket: Socket, response: ArchiveResponse): void => {
  const reason = response.status === 200 ? "OK" : "Not Found"
  const head = [
    `HTTP/1.1 ${response.status} ${reason}`,
    `Content-Type: ${response.contentType}`,
    "Transfer-Encoding: chunked",
    "Transfer-Encoding: chunked",
    "Connection: close",
    "",
    ""
  ].join("\r\n")
  socket.end(head + response.body)
}
