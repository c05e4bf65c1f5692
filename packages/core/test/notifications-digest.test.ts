import { describe, expect, it } from "vitest"
import {
  type Alarm,
  type AlarmId,
  type Device,
  type DeviceId,
  type Site,
  type SiteId,
  type TenantId,
  decodeDistributionList,
  escapeHtml,
  prepareDigest,
  renderAlarmDigest,
  selectAlarms
} from "../src/index.js"

const tenantId = "ten_01TEST" as TenantId
const at = "2025-01-10T09:00:00Z"

const site = (id: string, name: string, externalRef?: string): Site => ({
  id: id as SiteId,
  tenantId,
  livemode: false,
  name,
  ...(externalRef ? { externalRef } : {}),
  address: { line1: "Via Roma 1", city: "Milano", postalCode: "20100", country: "IT" },
  timezone: "Europe/Rome",
  createdAt: at,
  updatedAt: at
})

const device = (id: string, siteId: string, name: string | undefined, serial: string): Device => ({
  id: id as DeviceId,
  tenantId,
  livemode: false,
  siteId: siteId as SiteId,
  kind: "rt-printer",
  ...(name ? { name } : {}),
  vendor: "Epson",
  model: "FP-81 II RT",
  serial,
  driver: { id: "epson-rt", config: {} },
  connectivity: "direct",
  createdAt: at,
  updatedAt: at
})

let n = 0
const alarm = (fields: Partial<Alarm> & Pick<Alarm, "type" | "severity" | "message">): Alarm => ({
  id: `alm_${++n}` as AlarmId,
  tenantId,
  livemode: false,
  dedupeKey: `${fields.deviceId ?? fields.siteId}:${fields.type}`,
  state: "raised",
  details: {},
  occurrences: 1,
  raisedAt: "2025-01-15T07:30:00Z",
  lastSeenAt: "2025-01-15T07:30:00Z",
  ...fields
})

const milano = site("site_MI", "Milano Centro", "MI-001")
const roma = site("site_RM", "Roma Termini")
const cassa1 = device("dev_C1", "site_MI", "Cassa 1", "99MEY000111")
const cassa2 = device("dev_C2", "site_MI", undefined, "99MEY000222")
const cassaRoma = device("dev_R1", "site_RM", "Cassa Roma", "99MEY000333")

const paperNearEnd = alarm({ type: "paper.near-end", severity: "warning", message: "Carta in esaurimento", deviceId: cassa1.id })
const unreachable = alarm({ type: "device.unreachable", severity: "critical", message: "Non raggiungibile", deviceId: cassa1.id, raisedAt: "2025-01-15T08:00:00Z" })
const dgfe = alarm({ type: "dgfe.near-full", severity: "info", message: "DGFE quasi pieno", deviceId: cassa2.id })
const romaCert = alarm({ type: "certificate.expiring", severity: "warning", message: "Certificato in scadenza", deviceId: cassaRoma.id, state: "acknowledged" })
const siteLevel = alarm({ type: "corrispettivi.late", severity: "critical", message: "Corrispettivi non trasmessi", siteId: roma.id })
const cleared = alarm({ type: "paper.end", severity: "critical", message: "Fine carta", deviceId: cassaRoma.id, state: "cleared" })
const all = [paperNearEnd, unreachable, dgfe, romaCert, siteLevel, cleared]
const devices = [cassa1, cassa2, cassaRoma]
const sites = [milano, roma]

describe("selectAlarms", () => {
  it("keeps open alarms (raised and acknowledged) by default", () => {
    expect(selectAlarms(all, {})).toEqual([paperNearEnd, unreachable, dgfe, romaCert, siteLevel])
  })

  it("filters by severity, type and state", () => {
    expect(selectAlarms(all, { severities: ["critical"] })).toEqual([unreachable, siteLevel])
    expect(selectAlarms(all, { alarmTypes: ["paper.near-end", "paper.end"] })).toEqual([paperNearEnd])
    expect(selectAlarms(all, { states: ["cleared"] })).toEqual([cleared])
  })

  it("places an alarm that names no site at its device's site", () => {
    expect(selectAlarms(all, { siteIds: [roma.id] }, devices)).toEqual([romaCert, siteLevel])
    expect(selectAlarms(all, { siteIds: [milano.id], severities: ["warning"] }, devices)).toEqual([paperNearEnd])
    // Without the devices, device alarms cannot be placed and a site filter drops them.
    expect(selectAlarms(all, { siteIds: [milano.id] })).toEqual([])
  })
})

const render = (alarms: ReadonlyArray<Alarm>, timezone = "Europe/Rome", extra: { devices?: Device[] } = {}) =>
  renderAlarmDigest({
    tenantName: "Bar Sport <S.r.l.>",
    generatedAt: "2025-01-15T09:05:00Z",
    timezone,
    alarms,
    devices: extra.devices ?? devices,
    sites,
    list: { name: "Amministrazione" }
  })

describe("renderAlarmDigest", () => {
  const digest = render(selectAlarms(all, {}))

  it("counts devices and alarms by severity in the subject and summary", () => {
    expect(digest.subject).toBe("[Fisco] Bar Sport <S.r.l.>: 3 dispositivi in allarme, 5 allarmi (2 critici, 2 avvisi, 1 info)")
    expect(digest.text).toContain("3 dispositivi in allarme, 5 allarmi: 2 critici, 2 avvisi, 1 info.")
  })

  it("groups by site and device, worst first, and names each device with vendor, model and matricola", () => {
    const order = [
      "== Milano Centro (MI-001) · 2 dispositivi, 3 allarmi ==",
      "* Cassa 1 · Epson FP-81 II RT · matricola 99MEY000111",
      "  - [CRITICO] Non raggiungibile (device.unreachable)",
      "  - [AVVISO] Carta in esaurimento (paper.near-end)",
      "* Epson FP-81 II RT · matricola 99MEY000222",
      "  - [INFO] DGFE quasi pieno (dgfe.near-full)",
      "== Roma Termini · 1 dispositivo, 2 allarmi ==",
      "* Allarmi della sede",
      "  - [CRITICO] Corrispettivi non trasmessi",
      "* Cassa Roma · Epson FP-81 II RT · matricola 99MEY000333",
      "  - [AVVISO] Certificato in scadenza (certificate.expiring) · dal 15/01/2025 08:30 · preso in carico"
    ]
    const positions = order.map((line) => digest.text.indexOf(line))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    expect(digest.text).not.toContain("Fine carta")
  })

  it("puts the same devices, matricole and messages in the HTML part", () => {
    for (const text of ["Milano Centro (MI-001)", "Cassa 1", "matricola 99MEY000111", "Non raggiungibile", "Cassa Roma", "Corrispettivi non trasmessi"]) {
      expect(digest.html).toContain(text)
    }
    expect(digest.html.indexOf("Cassa 1")).toBeLessThan(digest.html.indexOf("Cassa Roma"))
  })

  it("writes dates in the list's time zone, across daylight saving time", () => {
    expect(digest.text).toContain("Generato il 15/01/2025 10:05 (Europe/Rome)")
    const summer = render([{ ...paperNearEnd, raisedAt: "2025-07-15T06:00:00Z", lastSeenAt: "2025-07-15T06:40:00Z", occurrences: 4 }])
    expect(summer.text).toContain("dal 15/07/2025 08:00 · 4 volte, ultima 15/07/2025 08:40 · aperto")
    const saoPaulo = render([paperNearEnd], "America/Sao_Paulo")
    expect(saoPaulo.text).toContain("Generato il 15/01/2025 06:05 (America/Sao_Paulo)")
    expect(saoPaulo.text).toContain("dal 15/01/2025 04:30")
  })

  it("escapes every piece of user and device text in the HTML", () => {
    const hostile = device("dev_X", "site_MI", `<script>alert("x")</script>`, `"><img src=x onerror=alert(1)>`)
    const hostileAlarm = alarm({ type: "paper.end", severity: "critical", message: "Fine <b>carta</b> & 'altro'", deviceId: hostile.id })
    const { html, text } = render([hostileAlarm], "Europe/Rome", { devices: [hostile] })
    expect(html).not.toContain("<script>")
    expect(html).not.toContain("<img")
    expect(html).not.toContain("<b>carta")
    expect(html).not.toContain("<S.r.l.>")
    expect(html).toContain(escapeHtml(`<script>alert("x")</script>`))
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
    expect(html).toContain("Fine &lt;b&gt;carta&lt;/b&gt; &amp; &#39;altro&#39;")
    // The text part is not HTML: it keeps the words as they are.
    expect(text).toContain(`<script>alert("x")</script>`)
  })

  it("shows alarms of unknown devices and sites by id rather than dropping them", () => {
    const orphan = alarm({ type: "paper.end", severity: "warning", message: "Orfano", deviceId: "dev_GONE" as DeviceId, siteId: "site_GONE" as SiteId })
    const { text } = render([orphan])
    expect(text).toContain("== Sede site_GONE · 1 dispositivo, 1 allarme ==")
    expect(text).toContain("* Dispositivo dev_GONE (non più registrato)")
  })

  it("says plainly when no device is in alarm", () => {
    const empty = render([])
    expect(empty.subject).toBe("[Fisco] Bar Sport <S.r.l.>: nessun dispositivo in allarme")
    expect(empty.text).toContain("Nessun dispositivo in allarme")
    expect(empty.html).toContain("Nessun dispositivo in allarme")
    expect(empty.text).not.toContain("==")
  })

  it("keeps the subject on one line", () => {
    const { subject } = renderAlarmDigest({ tenantName: "ACME\r\nBcc: evil@x.it", generatedAt: at, timezone: "UTC", alarms: [], devices, sites, list: { name: "x" } })
    expect(subject).not.toMatch(/[\r\n]/)
  })
})

describe("prepareDigest", () => {
  const users = [
    { email: "Admin@Bar.it", name: "Admin", role: "admin" as const },
    { email: "conta@bar.it", name: "Contabile", role: "accountant" as const, functions: ["amministrazione"] }
  ]
  const source = { tenantName: "Bar Sport", generatedAt: "2025-01-15T09:05:00Z", alarms: all, devices, sites, users }
  const list = (extra: object) => decodeDistributionList({ name: "Amministrazione", schedule: { cron: "0 8 * * *", timezone: "Europe/Rome" }, ...extra })

  it("sends the selected alarms to the resolved recipients", () => {
    const prepared = prepareDigest(list({ functions: ["amministrazione"], filters: { siteIds: [roma.id] } }), source)
    if (!("message" in prepared)) throw new Error(`skipped: ${prepared.skipped}`)
    expect(prepared.alarmCount).toBe(2)
    expect(prepared.message.to).toEqual([{ email: "conta@bar.it", name: "Contabile" }])
    expect(prepared.message.text).toContain("Cassa Roma")
    expect(prepared.message.text).not.toContain("Cassa 1")
  })

  it("skips an empty digest unless the list asks for it", () => {
    const quiet = { filters: { alarmTypes: ["nothing.like.this"] }, roles: ["admin"] }
    expect(prepareDigest(list(quiet), source)).toEqual({ skipped: "empty" })
    const prepared = prepareDigest(list({ ...quiet, sendWhenEmpty: true }), source)
    expect("message" in prepared && prepared.message.subject).toBe("[Fisco] Bar Sport: nessun dispositivo in allarme")
  })

  it("skips when nobody would receive it", () => {
    expect(prepareDigest(list({ roles: ["dealer"] }), source)).toEqual({ skipped: "no-recipients" })
  })
})
