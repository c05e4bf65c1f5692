import { Alarm, CalendarDate, DeviceId, InvalidInput, type QuadraturaReport, type QuadraturaRow, QuadraturaStatus, SiteId, VatCode } from "@fisco/core"
import { Schema } from "effect"
import { Hono } from "hono"
import { scopeOf } from "../auth/principal.js"
import type { AppEnv } from "../context.js"
import { percent, toCsv } from "../archive/csv.js"
import { operation } from "../http/operation.js"
import { jsonBody, queryOf } from "../http/validate.js"
import { principalOf, requireScope } from "../middleware/require-scope.js"
import type { RouteDeps } from "./deps.js"

const TAG = "Quadratura"
/** A report covers at most a year of days: enough for any reconciliation, bounded for the database. */
const MAX_DAYS = 366

const Minor = Schema.Int
const Row = Schema.Struct({
  deviceId: DeviceId,
  day: CalendarDate,
  vat: VatCode,
  backOffice: Schema.optional(
    Schema.Struct({ sales: Minor, returns: Minor, voids: Minor, takings: Minor, salesNet: Minor, returnsNet: Minor, voidsNet: Minor })
  ),
  device: Schema.optional(Schema.Struct({ zNumber: Schema.Int, amount: Minor, tax: Minor, returns: Minor, voids: Minor, takings: Minor })),
  difference: Minor,
  differences: Schema.Struct({ sales: Minor, returns: Minor, voids: Minor }),
  status: Schema.Literal(...QuadraturaStatus)
}).annotations({ identifier: "QuadraturaRow" })
const Report = Schema.Struct({
  object: Schema.Literal("quadratura"),
  from: CalendarDate,
  to: CalendarDate,
  tolerance: Schema.Int,
  data: Schema.Array(Row)
}).annotations({ identifier: "QuadraturaReport" })
const Run = Schema.Struct({
  ...Report.fields,
  object: Schema.Literal("quadratura_run"),
  raised: Schema.Array(Alarm),
  cleared: Schema.Array(Alarm)
}).annotations({ identifier: "QuadraturaRun" })

const Range = {
  from: CalendarDate,
  to: CalendarDate
}
const ReportQuery = Schema.Struct({ ...Range, device_id: Schema.optional(DeviceId), site_id: Schema.optional(SiteId), format: Schema.optional(Schema.Literal("json", "csv")) })
const RunInput = Schema.Struct({ ...Range, deviceId: Schema.optional(DeviceId), siteId: Schema.optional(SiteId) }).annotations({ identifier: "QuadraturaRunInput" })

const checkRange = (from: string, to: string) => {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000
  if (days < 0) throw new InvalidInput({ issues: [{ path: "to", message: "must not be before from" }] })
  if (days >= MAX_DAYS) throw new InvalidInput({ issues: [{ path: "to", message: `a report covers at most ${MAX_DAYS} days` }] })
}

/** The rate as AdE writes it (`22.00`) or the Natura code. */
const vatLabel = (vat: VatCode) => (vat._tag === "rate" ? percent(vat.basisPoints) : vat.code)

/** Whether the client asked for CSV: `format=csv`, or `Accept: text/csv` without a `format`. */
const wantsCsv = (format: string | undefined, accept: string | undefined): boolean =>
  format === "csv" || (format === undefined && /\btext\/csv\b/i.test(accept ?? ""))

const CSV_HEADER = [
  "device_id",
  "day",
  "vat",
  "z_number",
  "back_office_sales",
  "back_office_returns",
  "back_office_voids",
  "back_office_takings",
  "device_amount_net",
  "device_tax",
  "device_returns_net",
  "device_voids_net",
  "device_takings",
  "difference",
  "status"
]
const csvRow = (r: QuadraturaRow) => [
  r.deviceId,
  r.day,
  vatLabel(r.vat),
  r.device?.zNumber,
  r.backOffice?.sales,
  r.backOffice?.returns,
  r.backOffice?.voids,
  r.backOffice?.takings,
  r.device?.amount,
  r.device?.tax,
  r.device?.returns,
  r.device?.voids,
  r.device?.takings,
  r.difference,
  r.status
]

const body = (report: QuadraturaReport) => ({ object: "quadratura" as const, from: report.from, to: report.to, tolerance: report.tolerance, data: report.rows })

/**
 * Quadratura: back-office totals against the devices' corrispettivi, per device, day and VAT code.
 * Amounts are integer minor units; see `docs/back-office.md` for what is compared with what.
 */
export const quadraturaRoutes = ({ backOffice }: RouteDeps) => {
  const app = new Hono<AppEnv>()
  app.get(
    "/",
    operation({
      tag: TAG,
      summary: "Quadratura report",
      description:
        "Per device, business day and VAT code: the back office's gross sales, refunds and voids, the device's corrispettivi " +
        "(taxable base, tax, returns, voids), the takings difference (back office − device, minor units) and a status: " +
        "`match`, `difference`, `missing-on-device`, `missing-in-back-office`. CSV with `format=csv` or `Accept: text/csv`.",
      scope: "quadratura:read",
      response: Report,
      csv: true
    }),
    requireScope("quadratura:read"),
    queryOf(ReportQuery),
    async (c) => {
      const { from, to, device_id, site_id, format } = c.req.valid("query")
      checkRange(from, to)
      const report = await backOffice.quadratura.report(scopeOf(principalOf(c)), { from, to, ...(device_id && { deviceId: device_id }), ...(site_id && { siteId: site_id }) })
      if (wantsCsv(format, c.req.header("Accept"))) {
        return c.body(toCsv(CSV_HEADER, report.rows.map(csvRow)), 200, {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": `attachment; filename="quadratura-${from}-${to}.csv"`
        })
      }
      return c.json(body(report))
    }
  )
  app.post(
    "/runs",
    operation({
      tag: TAG,
      summary: "Run the quadratura now",
      description:
        "Reconciles the period and raises a `quadratura.difference` alarm per device and day whose totals differ by more than the tenant's " +
        "`quadraturaTolerance` (clearing it on days that now match). Days whose corrispettivi have not arrived raise nothing.",
      scope: "quadratura:write",
      status: 201,
      response: Run,
      idempotent: true
    }),
    requireScope("quadratura:write"),
    jsonBody(RunInput),
    async (c) => {
      const input = c.req.valid("json")
      checkRange(input.from, input.to)
      const run = await backOffice.quadratura.run(scopeOf(principalOf(c)), input)
      return c.json({ ...body(run), object: "quadratura_run" as const, raised: run.raised, cleared: run.cleared }, 201)
    }
  )
  return app
}
