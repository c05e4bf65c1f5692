import { type DigestDeliveryId, type DistributionListId, type TenantScope, deliverDigest, newId } from "@fisco/core"
import { createSmtpMailer } from "@fisco/mail"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type SmtpSink, startSmtpSink } from "@fisco/testkit/smtp"
import { type Harness, createHarness } from "./support/harness.js"

/** What happens to a run that comes back: after a crash mid-send, after a failed send. */
describe("digest deliveries: at most once per run, never silently", () => {
  let h: Harness
  let sink: SmtpSink
  let scope: TenantScope
  beforeAll(async () => {
    h = await createHarness()
    sink = await startSmtpSink()
    scope = { tenantId: h.tenant.id, livemode: false }
  })
  afterAll(async () => {
    await h?.close()
    await sink?.close()
  })

  const newList = async () =>
    (
      await h.call("POST", "/v1/distribution-lists", {
        auth: h.testKey,
        body: { name: "Ops", recipients: [{ email: "ops@negozi.it" }], schedule: { cron: "0 8 * * *", timezone: "UTC" }, sendWhenEmpty: true }
      })
    ).body.id as DistributionListId
  const mailerTo = (port: number) => createSmtpMailer({ host: "127.0.0.1", port, ignoreTLS: true, from: { email: "alerts@fisco.test" }, timeoutMs: 5000 })
  const clock = () => new Date()

  it("a run found still `sending` (the process died mid-send) becomes interrupted and is not sent again", async () => {
    const listId = await newList()
    // What a crash between the send and its record leaves behind.
    await h.store.digestDeliveries.create({
      id: newId("dlv") as DigestDeliveryId,
      ...scope,
      listId,
      runKey: "job-crashed",
      trigger: "schedule",
      outcome: "sending",
      recipientCount: 0,
      alarmCount: 0,
      startedAt: new Date().toISOString()
    })
    const mailer = mailerTo(sink.port)
    try {
      const before = sink.received.length
      const rerun = await deliverDigest({ store: h.store, mailer, clock }, scope, listId, { runKey: "job-crashed", trigger: "schedule" })
      expect(rerun).toMatchObject({ outcome: "interrupted", reason: expect.stringContaining("not sent again"), finishedAt: expect.any(String) })
      // Running it yet again changes nothing either.
      expect(await deliverDigest({ store: h.store, mailer, clock }, scope, listId, { runKey: "job-crashed", trigger: "schedule" })).toEqual(rerun)
      expect(sink.received.length).toBe(before)

      // A run that completed is not repeated.
      const sent = await deliverDigest({ store: h.store, mailer, clock }, scope, listId, { runKey: "job-ok", trigger: "schedule" })
      expect(sent?.outcome).toBe("sent")
      expect(await deliverDigest({ store: h.store, mailer, clock }, scope, listId, { runKey: "job-ok", trigger: "schedule" })).toEqual(sent)
      expect(sink.received.length).toBe(before + 1)

      const history = await h.call("GET", `/v1/distribution-lists/${listId}/deliveries`, { auth: h.testKey })
      expect(history.body.data.map((d: { outcome: string }) => d.outcome)).toEqual(["sent", "interrupted"])
    } finally {
      mailer.close()
    }
  })

  it("a failed send is recorded with the mail error, and its retry (same run) sends and reuses the row", async () => {
    const listId = await newList()
    const closed = await startSmtpSink()
    const deadPort = closed.port
    await closed.close()
    const dead = mailerTo(deadPort)
    const live = mailerTo(sink.port)
    try {
      const failed = await deliverDigest({ store: h.store, mailer: dead, clock }, scope, listId, { runKey: "job-retry", trigger: "schedule" })
      expect(failed).toMatchObject({ outcome: "failed", reason: expect.stringContaining("unreachable"), recipientCount: 1 })
      const before = sink.received.length
      const retried = await deliverDigest({ store: h.store, mailer: live, clock }, scope, listId, { runKey: "job-retry", trigger: "schedule" })
      expect(retried).toMatchObject({ id: failed!.id, outcome: "sent", recipientCount: 1 })
      expect(retried?.reason).toBeUndefined()
      expect(sink.received.length).toBe(before + 1)
    } finally {
      dead.close()
      live.close()
    }
  })

  it("a deleted list has nothing to run", async () => {
    const listId = await newList()
    await h.call("DELETE", `/v1/distribution-lists/${listId}`, { auth: h.testKey })
    expect(await deliverDigest({ store: h.store, clock }, scope, listId, { runKey: "job-late", trigger: "schedule" })).toBeUndefined()
  })
})
