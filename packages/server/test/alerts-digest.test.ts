import { join } from "node:path"
import type { DeviceId, SiteId, TenantScope } from "@fisco/core"
import { createSmtpMailer, type SmtpMailer } from "@fisco/mail"
import { createSqliteScheduler } from "@fisco/store-sqlite"
import { type TestClock, createTestClock } from "@fisco/testkit"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { type SmtpSink, startSmtpSink } from "@fisco/testkit/smtp"
import { createServerMonitor, registerAlertJobs } from "../src/index.js"
import { type Harness, createHarness, deviceInput, siteInput } from "./support/harness.js"

const WAIT = { timeout: 30_000, interval: 50 }

describe("mail alerts: a list created through the API mails its digest on schedule", () => {
  let h: Harness
  let sink: SmtpSink
  let mailer: SmtpMailer
  let clock: TestClock
  let scope: TenantScope

  beforeAll(async () => {
    sink = await startSmtpSink()
    mailer = createSmtpMailer({ host: "127.0.0.1", port: sink.port, ignoreTLS: true, from: { email: "alerts@fisco.test", name: "Fisco MailAlert" } })
    clock = createTestClock()
    clock.set(new Date("2030-01-15T07:58:30Z"))
    h = await createHarness({
      clock,
      mailer,
      scheduler: (_store, dir) => createSqliteScheduler({ filename: join(dir, "jobs.sqlite"), clock, pollIntervalMs: 50 })
    })
    scope = { tenantId: h.tenant.id, livemode: false }
    await registerAlertJobs(h.scheduler!, { fisco: h.fisco, monitor: createServerMonitor(h.fisco, clock), mailer, clock })
    await h.scheduler!.start()
  })
  afterAll(async () => {
    await h?.close()
    mailer?.close()
    await sink?.close()
  })

  /** A site with a device and the given alarms on it. */
  const shop = async (name: string, serial: string, alarms: ReadonlyArray<{ type: string; severity: "info" | "warning" | "critical"; message: string }>) => {
    const site = await h.call("POST", "/v1/sites", { auth: h.testKey, body: siteInput(name) })
    const device = await h.call("POST", "/v1/devices", { auth: h.testKey, body: { ...deviceInput(site.body.id, serial), name: `Cassa ${name}` } })
    for (const alarm of alarms) {
      await h.fisco.alarms.raise(scope, { ...alarm, dedupeKey: `${device.body.id}:${alarm.type}`, deviceId: device.body.id as DeviceId, siteId: site.body.id as SiteId })
    }
    return { siteId: site.body.id as string, deviceId: device.body.id as string }
  }

  it("fires on its cron via the real scheduler and lists exactly the devices in alarm matching its filters", async () => {
    const milano = await shop("Milano", "99MEY000101", [{ type: "dgfe.full", severity: "critical", message: "DGFE pieno" }])
    await shop("Milano Due", "99MEY000102", [{ type: "files.pending", severity: "info", message: "File in attesa di invio" }])
    await shop("Roma", "99MEY000201", [{ type: "case.open", severity: "critical", message: "Cassa aperta" }])
    // The info alarm's device is on another site; Roma is filtered out by site.
    const milanoDue = (await h.call("GET", "/v1/sites", { auth: h.testKey })).body.data.find((s: { name: string }) => s.name === "Milano Due").id

    for (const [email, functions] of [["amm@negozi.it", ["Amministrazione"]], ["tecnico@negozi.it", ["assistenza-tecnica"]]] as const) {
      const user = await h.call("POST", "/v1/users", { auth: h.testKey, body: { email, name: email, role: "viewer", functions, password: "correct horse battery" } })
      expect(user.status).toBe(201)
      expect(user.body.functions).toEqual(functions)
    }

    const listBody = {
      name: "Amministrazione Milano",
      recipients: [{ email: "direzione@negozi.it", name: "Direzione" }],
      functions: ["amministrazione"],
      schedule: { cron: "* * * * *", timezone: "Europe/Rome" },
      filters: { siteIds: [milano.siteId, milanoDue], severities: ["critical", "warning"] }
    }
    const created = await h.call("POST", "/v1/distribution-lists", { auth: h.testKey, headers: { "Idempotency-Key": "dl-create-1" }, body: listBody })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^dl_/), sendWhenEmpty: false, roles: [], filters: { states: ["raised", "acknowledged"] } })
    // The same key replays the first answer rather than making a second list.
    const replay = await h.call("POST", "/v1/distribution-lists", { auth: h.testKey, headers: { "Idempotency-Key": "dl-create-1" }, body: listBody })
    expect(replay.body.id).toBe(created.body.id)
    expect((await h.call("GET", "/v1/distribution-lists", { auth: h.testKey })).body.data).toHaveLength(1)

    // Nothing before the minute turns.
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(sink.received).toHaveLength(0)
    clock.set(new Date("2030-01-15T07:59:01Z"))
    await vi.waitFor(() => expect(sink.received).toHaveLength(1), WAIT)

    const [{ envelopeTo, mail }] = sink.received as [(typeof sink.received)[number]]
    expect([...envelopeTo].sort()).toEqual(["amm@negozi.it", "direzione@negozi.it"])
    const text = mail.text ?? ""
    expect(text).toContain("Cassa Milano")
    expect(text).toContain("99MEY000101")
    expect(text).toContain("DGFE pieno")
    for (const absent of ["99MEY000102", "File in attesa", "99MEY000201", "Cassa aperta", "Roma"]) expect(text).not.toContain(absent)

    const deliveries = await vi.waitFor(async () => {
      const answer = await h.call("GET", `/v1/distribution-lists/${created.body.id}/deliveries`, { auth: h.testKey })
      expect(answer.body.data).toEqual([expect.objectContaining({ outcome: "sent", trigger: "schedule", alarmCount: 1, recipientCount: 2 })])
      return answer.body.data
    }, WAIT)
    expect(deliveries[0].messageId).toBe(mail.messageId)

    // Deleting the list removes its schedule: the next minute sends nothing.
    const deleted = await h.call("DELETE", `/v1/distribution-lists/${created.body.id}`, { auth: h.testKey })
    expect(deleted.body).toEqual({ id: created.body.id, object: "distribution_list", deleted: true })
    clock.set(new Date("2030-01-15T08:00:01Z"))
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(sink.received).toHaveLength(1)
    expect((await h.call("GET", `/v1/distribution-lists/${created.body.id}`, { auth: h.testKey })).status).toBe(404)
  })

  it("sends a test digest now, records skips with their reason, and keeps lists per tenant", async () => {
    const list = await h.call("POST", "/v1/distribution-lists", {
      auth: h.testKey,
      body: { name: "IT", recipients: [{ email: "it@negozi.it" }], schedule: { cron: "0 8 * * MON-FRI", timezone: "Europe/Rome" }, filters: { alarmTypes: ["mf.full"] } }
    })
    expect(list.status).toBe(201)
    const before = sink.received.length
    const skipped = await h.call("POST", `/v1/distribution-lists/${list.body.id}/test`, { auth: h.testKey })
    expect(skipped.status).toBe(200)
    expect(skipped.body).toMatchObject({ outcome: "skipped", trigger: "test", alarmCount: 0, reason: expect.stringContaining("no device in alarm") })

    const patched = await h.call("PATCH", `/v1/distribution-lists/${list.body.id}`, { auth: h.testKey, body: { sendWhenEmpty: true } })
    expect(patched.body).toMatchObject({ sendWhenEmpty: true, name: "IT" })
    const sent = await h.call("POST", `/v1/distribution-lists/${list.body.id}/test`, { auth: h.testKey })
    expect(sent.body).toMatchObject({ outcome: "sent", recipientCount: 1, alarmCount: 0 })
    expect(sink.received).toHaveLength(before + 1)
    expect(sink.received.at(-1)?.envelopeTo).toEqual(["it@negozi.it"])

    const history = await h.call("GET", `/v1/distribution-lists/${list.body.id}/deliveries`, { auth: h.testKey })
    expect(history.body.data.map((d: { outcome: string }) => d.outcome)).toEqual(["sent", "skipped"])

    const other = await h.newTenant("Other")
    expect((await h.call("GET", `/v1/distribution-lists/${list.body.id}`, { auth: other.testKey })).status).toBe(404)
    expect((await h.call("GET", "/v1/distribution-lists", { auth: other.testKey })).body.data).toEqual([])
    expect((await h.call("PATCH", `/v1/distribution-lists/${list.body.id}`, { auth: other.testKey, body: { name: "x" } })).status).toBe(404)
    expect((await h.call("POST", `/v1/distribution-lists/${list.body.id}/test`, { auth: other.testKey })).status).toBe(404)
    expect((await h.call("GET", `/v1/distribution-lists/${list.body.id}/deliveries`, { auth: other.testKey })).status).toBe(404)
    expect((await h.call("DELETE", `/v1/distribution-lists/${list.body.id}`, { auth: other.testKey })).status).toBe(404)
    // Nor does the live mode of the same tenant.
    expect((await h.call("GET", `/v1/distribution-lists/${list.body.id}`, { auth: h.liveKey })).status).toBe(404)
  })

  it("refuses bad lists with a problem naming each field, and writes nothing", async () => {
    const bad = await h.call("POST", "/v1/distribution-lists", {
      auth: h.testKey,
      body: {
        name: "Bad",
        recipients: [{ email: "not-an-address" }],
        schedule: { cron: "61 * * * *", timezone: "Europe/Atlantis" },
        filters: { severities: ["loud"] }
      }
    })
    expect(bad.status).toBe(400)
    expect(bad.headers.get("content-type")).toContain("application/problem+json")
    const paths = bad.body.errors.map((e: { path: string }) => e.path)
    for (const path of ["recipients.0.email", "schedule.cron", "schedule.timezone", "filters.severities.0"]) expect(paths).toContain(path)

    const nobody = await h.call("POST", "/v1/distribution-lists", { auth: h.testKey, body: { name: "Nobody", schedule: { cron: "0 8 * * *", timezone: "UTC" } } })
    expect(nobody.status).toBe(400)
    expect(nobody.body.errors.map((e: { path: string }) => e.path)).toEqual(["recipients"])

    const unknown = await h.call("POST", "/v1/distribution-lists", {
      auth: h.testKey,
      body: { name: "X", roles: ["admin"], schedule: { cron: "0 8 * * *", timezone: "UTC" }, colour: "red" }
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.errors.map((e: { path: string }) => e.path)).toContain("colour")

    const names = (await h.call("GET", "/v1/distribution-lists?limit=100", { auth: h.testKey })).body.data.map((l: { name: string }) => l.name)
    for (const name of ["Bad", "Nobody", "X"]) expect(names).not.toContain(name)

    const list = (await h.call("POST", "/v1/distribution-lists", { auth: h.testKey, body: { name: "Ok", roles: ["admin"], schedule: { cron: "0 8 * * *", timezone: "UTC" } } })).body
    const emptied = await h.call("PATCH", `/v1/distribution-lists/${list.id}`, { auth: h.testKey, body: { roles: [] } })
    expect(emptied.status).toBe(400)
    expect(emptied.body.errors.map((e: { path: string }) => e.path)).toEqual(["recipients"])
    const badCron = await h.call("PATCH", `/v1/distribution-lists/${list.id}`, { auth: h.testKey, body: { schedule: { cron: "* *", timezone: "UTC" } } })
    expect(badCron.body.errors.map((e: { path: string }) => e.path)).toEqual(["schedule.cron"])
    expect((await h.call("GET", `/v1/distribution-lists/${list.id}`, { auth: h.testKey })).body).toEqual(list)
  })

  it("updates a user's functions, and refuses bad ones", async () => {
    const user = await h.call("POST", "/v1/users", { auth: h.testKey, body: { email: "pv@negozi.it", name: "PV", role: "viewer", password: "correct horse battery" } })
    expect(user.body.functions).toBeUndefined()
    const patched = await h.call("PATCH", `/v1/users/${user.body.id}`, { auth: h.testKey, body: { functions: ["punto-vendita"] } })
    expect(patched.body).toMatchObject({ id: user.body.id, functions: ["punto-vendita"] })
    const bad = await h.call("PATCH", `/v1/users/${user.body.id}`, { auth: h.testKey, body: { functions: ["!!"] } })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].path).toBe("functions.0")
    const other = await h.newTenant("Third")
    expect((await h.call("PATCH", `/v1/users/${user.body.id}`, { auth: other.testKey, body: { functions: ["x"] } })).status).toBe(404)
  })
})
