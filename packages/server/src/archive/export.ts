import type { CorrispettiviFile, CorrispettiviFilter, CorrispettiviVatRow, Fisco, TenantScope } from "@fisco/core"
import { InvalidInput } from "@fisco/core"
import { decimal, percent, toCsv } from "./csv.js"
import { type ZipEntry, writeZip } from "./zip.js"

/** The most files one export may hold; a larger period is split by the caller. */
export const MAX_EXPORT_FILES = 10_000

/** Every file matching `filter`, oldest first; refuses periods beyond `MAX_EXPORT_FILES`. */
export const filesOf = async (fisco: Fisco, scope: TenantScope, filter: CorrispettiviFilter): Promise<ReadonlyArray<CorrispettiviFile>> => {
  const files: CorrispettiviFile[] = []
  for (let page = await fisco.corrispettivi.list(scope, filter, { limit: 100 }); ; ) {
    files.push(...page.data)
    if (files.length > MAX_EXPORT_FILES) throw new InvalidInput({ issues: [{ path: "from", message: `the period holds more than ${MAX_EXPORT_FILES} files: export a shorter one` }] })
    if (!page.hasMore) break
    page = await fisco.corrispettivi.list(scope, filter, { limit: 100, startingAfter: page.data.at(-1)!.id })
  }
  return files.reverse()
}

const VAT_HEADER = ["file_id", "device_id", "matricola", "day", "z_number", "vat_rate", "natura", "amount", "tax", "returns", "voids", "verification", "file_name", "sha256"]

/** The VAT index as CSV: one line per VAT summary (`amount` net of VAT, dot-decimal euros). */
export const vatIndexCsv = (rows: ReadonlyArray<CorrispettiviVatRow>, files: ReadonlyMap<string, CorrispettiviFile>): string =>
  toCsv(
    VAT_HEADER,
    rows.map((r) => {
      const file = files.get(r.fileId)
      return [
        r.fileId,
        r.deviceId,
        r.matricola,
        r.day,
        r.zNumber,
        r.vat?._tag === "rate" ? percent(r.vat.basisPoints) : "",
        r.vat?._tag === "natura" ? r.vat.code : r.vat === undefined ? "VENTILAZIONE" : "",
        decimal(r.amount),
        decimal(r.tax),
        decimal(r.returns),
        decimal(r.voids),
        file?.verification.state,
        file?.fileName,
        file?.sha256
      ]
    })
  )

/** Where each file goes inside the zip: `YYYY-MM-DD/<its name>`, made unique by its id when two share a name. */
const pathsOf = (files: ReadonlyArray<CorrispettiviFile>): ReadonlyMap<string, string> => {
  const taken = new Set<string>()
  const paths = new Map<string, string>()
  for (const f of files) {
    const name = (f.fileName ?? `${f.id}.xml`).replace(/[\\/]/g, "_")
    let path = `${f.day ?? "undated"}/${name}`
    if (taken.has(path)) path = `${f.day ?? "undated"}/${f.id}-${name}`
    taken.add(path)
    paths.set(f.id, path)
  }
  return paths
}

const FILE_HEADER = ["path", "file_id", "kind", "device_id", "matricola", "day", "z_number", "source", "verification", "problems", "esito", "ade_code", "sha256", "received_at"]

/**
 * A period as a zip: the raw XML of every file, byte for byte, under `YYYY-MM-DD/`, an
 * `index.csv` of the files (with their SHA-256, so the copy can be checked) and `vat-index.csv`.
 */
export const exportZip = async (fisco: Fisco, scope: TenantScope, files: ReadonlyArray<CorrispettiviFile>, rows: ReadonlyArray<CorrispettiviVatRow>, at: Date): Promise<Uint8Array> => {
  const paths = pathsOf(files)
  const encoder = new TextEncoder()
  const entries: ZipEntry[] = []
  for (const f of files) entries.push({ name: paths.get(f.id)!, data: encoder.encode((await fisco.corrispettivi.xml(scope, f.id)).xml) })
  const index = toCsv(
    FILE_HEADER,
    files.map((f) => [
      paths.get(f.id),
      f.id,
      f.kind,
      f.deviceId,
      f.matricola,
      f.day,
      f.zNumber,
      f.source,
      f.verification.state,
      f.verification.problems.join("; "),
      f.esito?.outcome,
      f.esito?.errors[0]?.code,
      f.sha256,
      f.receivedAt
    ])
  )
  entries.push({ name: "index.csv", data: encoder.encode(index) })
  entries.push({ name: "vat-index.csv", data: encoder.encode(vatIndexCsv(rows, new Map(files.map((f) => [f.id, f])))) })
  return writeZip(entries, at)
}
