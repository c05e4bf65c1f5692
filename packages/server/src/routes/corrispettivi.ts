import {
  CalendarDate,
  CorrispettiviFile,
  type CorrispettiviFileId,
  CorrispettiviFileKind,
  type CorrispettiviFilter,
  DeviceId,
  type Fisco,
  InvalidInput,
  SiteId,
  type TenantScope,
  Transmission,
  type VatCode,
  decodeInput
} from "@fisco/core"
import { Schema } from "effect"
import { Hono } from "hono"
import { exportZip, filesOf, vatIndexCsv } from "../archive/export.js"
import { archiveFile } from "../archive/ingest.js"
import { scopeOf } from "../auth/principal.js"
import type { AppEnv } from "../context.js"
import { ListOf, PageQuery, listOf, pageOf } from "../http/list.js"
import { operation } from "../http/operation.js"
import { idParam } from "../http/params.js"
import { queryOf } from "../http/validate.js"
import { principalOf, requireScope } from "../middleware/require-scope.js"
import type { RouteDeps } from "./deps.js"

const TAG = "Corrispettivi"

/** The JSON form of an upload; the raw form is the XML itself with `Content-Type: application/xml`. */
const UploadBody = Schema.Struct({
  deviceId: Schema.optional(DeviceId),
  fileName: Schema.optional(Schema.String),
  xml: Schema.String
}).annotations({ identifier: "CorrispettiviUpload" })

const UploadQuery = Schema.Struct({ device_id: Schema.optional(DeviceId), file_name: Schema.optional(Schema.String.pipe(Schema.minLength(1))) })

export const IngestAnswer = Schema.Struct({
  /** True when the tenant already held this exact file: nothing was stored again. */
  duplicate: Schema.Boolean,
  file: CorrispettiviFile,
  transmission: Schema.optional(Transmission)
}).annotations({ identifier: "CorrispettiviIngest" })

/** `2200` (basis points) for a VAT rate, or a Natura code such as `N4`. */
const VatQuery = Schema.String.pipe(
  Schema.pattern(/^(\d{1,5}|N[1-7](\.\d)?)$/, { message: () => "must be a VAT rate in basis points (2200 = 22%) or a Natura code such as N4" }),
  Schema.annotations({ description: "VAT rate in basis points (2200 = 22%) or Natura code (N4)" })
)
const FilterQuery = {
  device_id: Schema.optional(DeviceId),
  site_id: Schema.optional(SiteId),
  from: Schema.optional(CalendarDate),
  to: Schema.optional(CalendarDate),
  kind: Schema.optional(CorrispettiviFileKind),
  vat_rate: Schema.optional(VatQuery),
  verification: Schema.optional(Schema.Literal("verified", "failed"))
}
const ListQuery = Schema.Struct({ ...PageQuery.fields, ...FilterQuery })
const ExportQuery = Schema.Struct({
  ...FilterQuery,
  from: CalendarDate,
  to: CalendarDate,
  format: Schema.optionalWith(Schema.Literal("json", "csv", "zip"), { default: () => "json" as const })
})

const ExportAnswer = Schema.Struct({
  object: Schema.Literal("corrispettivi_export"),
  from: CalendarDate,
  to: CalendarDate,
  files: Schema.Array(CorrispettiviFile),
  rows: Schema.Array(
    Schema.Struct({
      fileId: Schema.String,
      deviceId: Schema.optional(Schema.String),
      matricola: Schema.optional(Schema.String),
      day: CalendarDate,
      zNumber: Schema.optional(Schema.Int),
      vat: Schema.optional(Schema.Unknown),
      amount: Schema.Int,
      tax: Schema.Int,
      returns: Schema.Int,
      voids: Schema.Int
    })
  )
}).annotations({ identifier: "CorrispettiviExport" })

const vatOf = (text: string): VatCode => (text.startsWith("N") ? { _tag: "natura", code: text } : { _tag: "rate", basisPoints: Number(text) })

/** The archive filter of a query; a site becomes the list of its devices. */
const filterOf = async (fisco: Fisco, scope: TenantScope, q: Partial<Record<keyof typeof FilterQuery, string>>): Promise<CorrispettiviFilter> => {
  let deviceIds: DeviceId[] | undefined
  if (q.site_id) {
    deviceIds = []
    for (let page = await fisco.devices.list(scope, { siteId: q.site_id as SiteId }, { limit: 100 }); ; ) {
      deviceIds.push(...page.data.map((d) => d.id))
      if (!page.hasMore) break
      page = await fisco.devices.list(scope, { siteId: q.site_id as SiteId }, { limit: 100, startingAfter: page.data.at(-1)!.id })
    }
  }
  if (q.from && q.to && q.from > q.to) throw new InvalidInput({ issues: [{ path: "to", message: "must not be before from" }] })
  return {
    ...(q.device_id ? { deviceId: q.device_id as DeviceId } : {}),
    ...(deviceIds ? { deviceIds } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(q.kind ? { kind: q.kind as CorrispettiviFilter["kind"] & string } : {}),
    ...(q.vat_rate ? { vat: vatOf(q.vat_rate) } : {}),
    ...(q.verification ? { verification: q.verification as "verified" | "failed" } : {})
  }
}

const isXml = (contentType: string) => /^(application|text)\/([\w.-]+\+)?xml\s*(;|$)/i.test(contentType)
const isJson = (contentType: string) => /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(contentType)

export const corrispettiviRoutes = ({ fisco, monitor, clock }: RouteDeps) => {
  const app = new Hono<AppEnv>()
  const fileId = (id: string) => id as CorrispettiviFileId

  app.post(
    "/",
    operation({
      tag: TAG,
      summary: "Archive a corrispettivi, ESITO or device event file",
      description:
        "Send the raw XML with `Content-Type: application/xml` (optional `device_id` and `file_name` query parameters), or JSON `{ deviceId?, fileName?, xml }`. The file is verified (XSD, signature, signer = matricola, totals) and kept whatever the outcome; a file already archived (same SHA-256) answers 200 with `duplicate: true`. Text that is no AdE document answers 422.",
      scope: "corrispettivi:write",
      status: 201,
      response: IngestAnswer,
      responseDescription: "File archived",
      alternative: { status: 200, response: IngestAnswer, description: "The same file was already archived; nothing changed" },
      idempotent: true,
      errors: [400]
    }),
    requireScope("corrispettivi:write"),
    async (c) => {
      const scope = scopeOf(principalOf(c))
      const contentType = c.req.header("Content-Type") ?? ""
      let input: { deviceId?: DeviceId; fileName?: string; xml: string }
      if (isXml(contentType)) {
        const query = decodeInput(UploadQuery, { ...c.req.query() }, "query")
        input = { xml: await c.req.text(), ...(query.device_id ? { deviceId: query.device_id } : {}), ...(query.file_name ? { fileName: query.file_name } : {}) }
      } else if (isJson(contentType)) {
        let json: unknown
        try {
          json = await c.req.json()
        } catch {
          throw new InvalidInput({ issues: [{ path: "", message: "the body is not valid JSON" }] })
        }
        input = decodeInput(UploadBody, json)
      } else {
        throw new InvalidInput({ issues: [{ path: "Content-Type", message: "send the XML as application/xml, or JSON { xml } as application/json" }] })
      }
      const result = await archiveFile(fisco, monitor, scope, { source: "upload", ...input })
      return c.json(result, result.duplicate ? 200 : 201)
    }
  )
  app.get(
    "/",
    operation({
      tag: TAG,
      summary: "Search the corrispettivi archive, newest first",
      description: "`from`/`to` are fiscal days (inclusive); `vat_rate` keeps files with a summary at that rate (basis points) or Natura.",
      scope: "corrispettivi:read",
      response: ListOf(CorrispettiviFile, "CorrispettiviFile")
    }),
    requireScope("corrispettivi:read"),
    queryOf(ListQuery),
    async (c) => {
      const scope = scopeOf(principalOf(c))
      const query = c.req.valid("query")
      return c.json(listOf(await fisco.corrispettivi.list(scope, await filterOf(fisco, scope, query), pageOf(query))))
    }
  )
  app.get(
    "/export",
    operation({
      tag: TAG,
      summary: "Export a period of the archive",
      description:
        "`format=json` (default): the files and their VAT index; `format=csv`: the VAT index, one line per VAT summary (Ammontare net of VAT, dot-decimal euros); `format=zip`: the raw XML of every file under `YYYY-MM-DD/`, `index.csv` (with each file's SHA-256) and `vat-index.csv`.",
      scope: "corrispettivi:read",
      response: ExportAnswer
    }),
    requireScope("corrispettivi:read"),
    queryOf(ExportQuery),
    async (c) => {
      const scope = scopeOf(principalOf(c))
      const query = c.req.valid("query")
      const filter = await filterOf(fisco, scope, query)
      const files = await filesOf(fisco, scope, filter)
      const rows = await fisco.corrispettivi.vatRows(scope, filter)
      const name = `corrispettivi-${query.from}-${query.to}`
      if (query.format === "csv") {
        return c.body(vatIndexCsv(rows, new Map(files.map((f) => [f.id, f]))), 200, {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": `attachment; filename="${name}.csv"`
        })
      }
      if (query.format === "zip") {
        const zip = await exportZip(fisco, scope, files, rows, clock())
        return c.body(zip as Uint8Array<ArrayBuffer>, 200, { "Content-Type": "application/zip", "Content-Disposition": `attachment; filename="${name}.zip"` })
      }
      return c.json({ object: "corrispettivi_export" as const, from: query.from, to: query.to, files, rows })
    }
  )
  app.get(
    "/:id",
    operation({ tag: TAG, summary: "Get an archived file (without its XML)", scope: "corrispettivi:read", response: CorrispettiviFile, errors: [404] }),
    requireScope("corrispettivi:read"),
    async (c) => c.json(await fisco.corrispettivi.get(scopeOf(principalOf(c)), fileId(idParam(c))))
  )
  app.get(
    "/:id/xml",
    operation({
      tag: TAG,
      summary: "The archived file's raw XML",
      description: "Byte for byte as received (`application/xml`); `X-Content-SHA256` carries its SHA-256, also the `ETag`.",
      scope: "corrispettivi:read",
      response: Schema.String,
      errors: [404]
    }),
    requireScope("corrispettivi:read"),
    async (c) => {
      const { file, xml } = await fisco.corrispettivi.xml(scopeOf(principalOf(c)), fileId(idParam(c)))
      return c.body(xml, 200, {
        "Content-Type": "application/xml; charset=utf-8",
        "X-Content-SHA256": file.sha256,
        ETag: `"${file.sha256}"`,
        "Content-Disposition": `inline; filename="${(file.fileName ?? `${file.id}.xml`).replace(/["\\\r\n]/g, "_")}"`
      })
    }
  )
  return app
}
