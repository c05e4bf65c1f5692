/**
 * `npm run bench:monitor`: status reports through ingestion → health rules → alarms on a real SQLite
 * file, beside the raw insert rate of the same rows into the same database (the storage limit).
 * How to read the output: docs/benchmarks.md. Not a test: it asserts nothing but its own sanity.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { parseArgs } from "node:util"
import { type Clock, type Device, type DeviceStatus, type TenantScope, createFisco } from "@fisco/core"
import { epsonRtDriver } from "@fisco/driver-epson-rt"
import { createSqliteStore, openSqliteKysely } from "@fisco/store-sqlite"
import { createServerMonitor } from "../src/alerts/server-monitor.js"
import { type ReportPlan, reportAt } from "./monitor-reports.js"

const { values: flags } = parseArgs({
  options: { reports: { type: "string" }, devices: { type: "string" }, keep: { type: "boolean" } },
  strict: true
})
const positive = (value: string | undefined, fallback: number, flag: string) => {
  const n = value === undefined ? fallback : Number(value)
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive integer`)
  return n
}
const REPORTS = positive(flags.reports, 10_000, "reports")
const DEVICES = Math.min(positive(flags.devices, 500, "devices"), REPORTS)

/** Peak resident set size, sampled on a timer and at checkpoints (a busy loop can starve the timer). */
let peakRss = 0
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
}
const sampler = setInterval(sample, 25)

const dir = mkdtempSync(join(tmpdir(), "fisco-bench-"))
const file = join(dir, "bench.sqlite")
const db = openSqliteKysely<any>(file)
const store = createSqliteStore({ kysely: db })
await store.migrate()

// Alarms and failed polls are stamped with the time of the report being processed, as in a live poll.
let now = Date.UTC(2026, 0, 5, 7, 0, 0)
const clock: Clock = () => new Date(now)
const fisco = createFisco({ store, drivers: [epsonRtDriver], clock })
// The monitor `fisco serve` runs: core's createMonitor with the tenant's stored thresholds and the fleet census.
const monitor = createServerMonitor(fisco, clock)
const tenant = await fisco.tenants.create({ name: "Benchmark" })
const scope: TenantScope = { tenantId: tenant.id, livemode: false }
const site = await fisco.sites.create(scope, {
  name: "Negozio benchmark",
  address: { line1: "Via Roma 1", city: "Milano", postalCode: "20121", region: "MI", country: "IT" },
  timezone: "Europe/Rome"
})
/** Printers are never contacted: reports are fed in as an agent or a poll would hand them over. */
const register = (matricola: string): Promise<Device> =>
  fisco.devices.create(scope, {
    siteId: site.id,
    kind: "rt-printer",
    vendor: "Epson",
    model: "FP-81 II RT",
    serial: matricola,
    driver: { id: "epson-rt", config: { url: "http://127.0.0.1:9", matricola } }
  })
const matricola = (prefix: string, i: number) => `99MEY${prefix}${String(i).padStart(5, "0")}`
const monitored: Array<Device> = []
const twins: Array<Device> = []
for (let i = 0; i < DEVICES; i++) {
  monitored.push(await register(matricola("1", i)))
  // The baseline writes the same rows for twin devices, so both runs insert into one table, no key clashes.
  twins.push(await register(matricola("2", i)))
}
const plan: ReportPlan = { reports: REPORTS, devices: monitored.map((d) => ({ id: d.id, matricola: d.serial ?? "" })), start: now }
const reports: Array<DeviceStatus> = Array.from({ length: REPORTS }, (_, i) => reportAt(plan, i))
sample()

/** The same columns the store writes (see the kysely device-status repository), one autocommitted insert per row. */
const baseline = async () => {
  const started = performance.now()
  for (let i = 0; i < reports.length; i++) {
    const status = reports[i]!
    await db
      .insertInto("device_statuses")
      .values({
        tenant_id: scope.tenantId,
        livemode: 0,
        device_id: twins[i % DEVICES]!.id,
        observed_at: status.observedAt,
        health: status.health,
        conditions: JSON.stringify(status.conditions),
        day_open: status.dayOpen ? 1 : 0,
        firmware: status.firmware ?? null,
        device_time: null,
        raw_format: status.raw.format,
        raw_body: status.raw.body
      })
      .execute()
    if (i % 500 === 0) sample()
  }
  return performance.now() - started
}

/** What a poll does with a reading: look the device up, record the status, apply the rules. */
const pipeline = async () => {
  let raised = 0
  let refired = 0
  let cleared = 0
  const started = performance.now()
  for (let i = 0; i < reports.length; i++) {
    const status = reports[i]!
    now = Date.parse(status.observedAt)
    const device = await fisco.devices.get(scope, status.deviceId)
    await store.deviceStatuses.record(scope, status)
    const outcome = await monitor.onReading(scope, device, status)
    // A rule still firing on an open alarm counts an occurrence on it rather than raising a new one.
    for (const alarm of outcome.raised) alarm.occurrences === 1 ? raised++ : refired++
    cleared += outcome.cleared.length
    if (i % 100 === 0) sample()
  }
  return { ms: performance.now() - started, raised, refired, cleared }
}

const baselineMs = await baseline()
const run = await pipeline()
clearInterval(sampler)
sample()

// Sanity: every report was stored, and the rules really raised and cleared alarms.
const stored = await db
  .selectFrom("device_statuses")
  .select((eb: any) => eb.fn.countAll().as("n"))
  .executeTakeFirstOrThrow()
const open = (await fisco.alarms.list(scope, { state: "raised" }, { limit: 100 })).data.length
await store.close()
;(globalThis as { gc?: () => void }).gc?.()
const heapAfter = process.memoryUsage().heapUsed
if (!flags.keep) rmSync(dir, { recursive: true, force: true })

const rate = (count: number, ms: number) => Math.round((count / ms) * 1000)
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const fmt = (n: number) => n.toLocaleString("en-US")
const pipelineRate = rate(REPORTS, run.ms)
const rawRate = rate(REPORTS, baselineMs)
const out = [
  `Fisco monitor benchmark: ${fmt(REPORTS)} status reports over ${fmt(DEVICES)} devices, SQLite file (WAL), node ${process.version}`,
  "",
  `  ingestion → rules → alarms   ${fmt(Math.round(run.ms)).padStart(8)} ms   ${fmt(pipelineRate).padStart(7)} reports/s   (alarms raised ${fmt(run.raised)}, cleared ${fmt(run.cleared)}, still firing ${fmt(run.refired)}×)`,
  `  raw insert of the same rows  ${fmt(Math.round(baselineMs)).padStart(8)} ms   ${fmt(rawRate).padStart(7)} rows/s`,
  `  ratio                        ${(run.ms / baselineMs).toFixed(1)}× the raw insert time (the pipeline runs at ${((pipelineRate / rawRate) * 100).toFixed(1)}% of the storage limit)`,
  `  peak RSS                     ${mb(peakRss)}`,
  `  heap after GC                ${(globalThis as { gc?: unknown }).gc ? mb(heapAfter) : "n/a (run node with --expose-gc)"}`,
  "",
  `  rows stored: ${fmt(Number((stored as { n: number | bigint }).n))} (${fmt(REPORTS)} per run × 2); alarms still raised at the end: ${open === 100 ? "100+" : open}${flags.keep ? `; database kept at ${file}` : ""}`
]
console.log(out.join("\n"))
