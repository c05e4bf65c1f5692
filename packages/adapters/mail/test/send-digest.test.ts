import type { Alarm, AlarmId, Device, DeviceId, Site, SiteId, TenantId } from "@fisco/core"
import { decodeDistributionList } from "@fisco/core"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type SmtpMailer, createSmtpMailer, sendDigest } from "../src/index.js"
import { type SmtpSink, startSmtpSink } from "@fisco/testkit/smtp"

const tenantId = "ten_01MAIL" as TenantId
const at = "2025-03-03T08:00:00Z"

const site = (id: string, name: string): Site => ({
  id: id as SiteId,
  tenantId,
  livemode: true,
  name,
  address: { line1: "Corso Italia 5", city: "Torino", postalCode: "10100", country: "IT" },
  timezone: "Europe/Rome",
  createdAt: at,
  updatedAt: at
})

const device = (id: string, siteId: string, name: string, serial: string): Device => ({
  id: id as DeviceId,
  tenantId,
  livemode: true,
  siteId: siteId as SiteId,
  kind: "rt-printer",
  name,
  vendor: "Custom",
  model: "K3 RT",
  serial,
  driver: { id: "custom-rt", config: {} },
  connectivity: "agent",
  createdAt: at,
  updatedAt: at
})

const alarm = (id: string, deviceId: string, type: string, severity: Alarm["severity"], message: string): Alarm => ({
  id: id as AlarmId,
  tenantId,
  livemode: true,
  type,
  severity,
  deviceId: deviceId as DeviceId,
  dedupeKey: `${deviceId}:${type}`,
  state: "raised",
  message,
  details: {},
  occurrences: 1,
  raisedAt: "2025-03-03T06:15:00Z",
  lastSeenAt: "2025-03-03T07:45:00Z"
})

const torino = site("site_TO", "Torino Porta Nuova")
const asti = site("site_AT", "Asti Centro")
const devices = [
  device("dev_TO1", "site_TO", "Cassa Bar", "72MCK001001"),
  device("dev_TO2", "site_TO", "Cassa Edicola", "72MCK001002"),
  device("dev_AT1", "site_AT", "Cassa Asti", "72MCK009009")
]
const alarms = [
  alarm("alm_1", "dev_TO1", "paper.end", "critical", "Fine carta"),
  alarm("alm_2", "dev_TO2", "certificate.expiring", "warning", "Certificato dispositivo in scadenza"),
  alarm("alm_3", "dev_TO2", "dgfe.near-full", "info", "Memoria di dettaglio quasi piena"),
  alarm("alm_4", "dev_AT1", "device.unreachable", "critical", "Dispositivo non raggiungibile")
]
const users = [
  { email: "Rossi@Negozi.it", name: "Mario Rossi", role: "accountant" as const, functions: ["amministrazione"] },
  { email: "it@negozi.it", name: "Ufficio IT", role: "operator" as const, functions: ["it"] },
  { email: "bianchi@negozi.it", name: "Luca Bianchi", role: "dealer" as const },
  { email: "verdi@negozi.it", name: "Anna Verdi", role: "viewer" as const, functions: ["amministrazione"], disabledAt: at }
]
const source = { tenantName: "Negozi Piemonte S.p.A.", generatedAt: "2025-03-03T08:00:00Z", alarms, devices, sites: [torino, asti], users }
const schedule = { cron: "0 9 * * MON-FRI", timezone: "Europe/Rome" }

describe("sendDigest over a real SMTP server", () => {
  let sink: SmtpSink
  let mailer: SmtpMailer

  beforeEach(async () => {
    sink = await startSmtpSink()
    mailer = createSmtpMailer({ host: "127.0.0.1", port: sink.port, ignoreTLS: true, from: { email: "mailalert@fisco.test", name: "Fisco MailAlert" } })
  })
  afterEach(async () => {
    mailer.close()
    await sink.close()
  })

  it("delivers the digest of the devices in alarm to exactly the resolved recipients", async () => {
    const list = decodeDistributionList({
      name: "Amministrazione Torino",
      recipients: [{ email: "Direzione@Negozi.it", name: "Direzione" }],
      roles: ["dealer"],
      functions: ["amministrazione"],
      schedule,
      filters: { siteIds: ["site_TO"], severities: ["critical", "warning"] }
    })
    const outcome = await sendDigest(mailer, list, source)
    if (!("sent" in outcome)) throw new Error(`skipped: ${outcome.skipped}`)
    const expected = ["direzione@negozi.it", "rossi@negozi.it", "bianchi@negozi.it"]
    expect(outcome.alarmCount).toBe(2)
    expect(outcome.receipt.accepted).toEqual(expected)
    expect(outcome.receipt.rejected).toEqual([])

    expect(sink.received).toHaveLength(1)
    const [{ envelopeTo, mail }] = sink.received as [(typeof sink.received)[number]]
    expect([...envelopeTo].sort()).toEqual([...expected].sort())
    expect(mail.messageId).toBe(outcome.receipt.messageId)
    expect(mail.from?.value).toEqual([{ address: "mailalert@fisco.test", name: "Fisco MailAlert" }])
    expect(mail.subject).toBe("[Fisco] Negozi Piemonte S.p.A.: 2 dispositivi in allarme, 2 allarmi (1 critico, 1 avviso)")

    const text = mail.text ?? ""
    const html = typeof mail.html === "string" ? mail.html : ""
    for (const part of [text, html]) {
      for (const expectedText of ["Torino Porta Nuova", "Cassa Bar", "72MCK001001", "Fine carta", "Cassa Edicola", "72MCK001002", "Certificato dispositivo in scadenza"]) {
        expect(part).toContain(expectedText)
      }
      // Filtered out: another site, and an info alarm.
      for (const absent of ["Asti", "Cassa Asti", "72MCK009009", "Dispositivo non raggiungibile", "Memoria di dettaglio"]) {
        expect(part).not.toContain(absent)
      }
    }
    expect(text).toContain("dal 03/03/2025 07:15")
  })

  it("sends nothing when nothing is in alarm, unless the list asks for the all-clear", async () => {
    const quiet = { name: "IT", functions: ["it"], schedule, filters: { alarmTypes: ["case.open"] } }
    expect(await sendDigest(mailer, decodeDistributionList(quiet), source)).toEqual({ skipped: "empty" })
    expect(sink.received).toHaveLength(0)

    const outcome = await sendDigest(mailer, decodeDistributionList({ ...quiet, sendWhenEmpty: true }), source)
    expect("sent" in outcome && outcome.receipt.accepted).toEqual(["it@negozi.it"])
    expect(sink.received.map((r) => r.mail.subject)).toEqual(["[Fisco] Negozi Piemonte S.p.A.: nessun dispositivo in allarme"])
    expect(sink.received[0]?.mail.text).toContain("Nessun dispositivo in allarme")
  })

  it("sends nothing when every matching user is disabled", async () => {
    const list = decodeDistributionList({ name: "Vuota", roles: ["viewer"], schedule })
    expect(await sendDigest(mailer, list, source)).toEqual({ skipped: "no-recipients" })
    expect(sink.received).toHaveLength(0)
  })
})
