import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { type SmtpSink, startSmtpSink } from "@fisco/testkit/smtp"
import { smtpConfigFrom } from "../src/cli/smtp.js"
import { eventually, startServe } from "./cli-support/run-cli.js"

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "fisco-cli-smtp-"))
  dirs.push(dir)
  return dir
}
let sink: SmtpSink | undefined
afterEach(async () => {
  await sink?.close()
  sink = undefined
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** Creates a list through the sandbox key of `dir` and sends its digest now; answers the delivery. */
const sendTestDigest = async (url: string, dir: string): Promise<{ outcome: string; reason?: string }> => {
  const { apiKey } = JSON.parse(readFileSync(join(dir, "sandbox.json"), "utf8")) as { apiKey: string }
  const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" }
  const list = (await (
    await fetch(`${url}/v1/distribution-lists`, {
      method: "POST",
      headers,
      body: JSON.stringify({ name: "Ops", recipients: [{ email: "ops@negozi.it" }], schedule: { cron: "0 8 * * *", timezone: "Europe/Rome" }, sendWhenEmpty: true })
    })
  ).json()) as { id: string }
  return (await (await fetch(`${url}/v1/distribution-lists/${list.id}/test`, { method: "POST", headers })).json()) as { outcome: string; reason?: string }
}

describe("SMTP settings of fisco serve", () => {
  it("reads smtp:// and smtps:// URLs, the sender, and refuses other schemes", () => {
    expect(smtpConfigFrom({ "smtp-url": "smtp://ann%40x.it:p%40ss@mail.example.com?tls=required", "mail-from": "Fisco <alerts@x.it>" }, {})).toEqual({
      host: "mail.example.com",
      port: 587,
      secure: false,
      requireTLS: true,
      auth: { user: "ann@x.it", pass: "p@ss" },
      from: { name: "Fisco", email: "alerts@x.it" }
    })
    expect(smtpConfigFrom({}, { FISCO_SMTP_URL: "smtps://relay:2465", FISCO_MAIL_FROM: "ops@x.it" })).toEqual({
      host: "relay",
      port: 2465,
      secure: true,
      from: { email: "ops@x.it" }
    })
    expect(smtpConfigFrom({}, {})).toBeUndefined()
    expect(() => smtpConfigFrom({ "smtp-url": "http://relay" }, {})).toThrow(/smtp:\/\//)
    expect(() => smtpConfigFrom({ "smtp-url": "smtp://relay?tls=maybe" }, {})).toThrow(/tls/)
  })

  it("mails a test digest through the configured server and never prints the password", async () => {
    sink = await startSmtpSink({ auth: { user: "fisco", pass: "s3cret-smtp-pass" } })
    const dir = tempDir()
    const served = await startServe(
      ["--port", "0", "--sandbox", "--simulator-port", "0", "--data-dir", dir, "--mail-from", "Fisco <alerts@fisco.test>"],
      { FISCO_SMTP_URL: `smtp://fisco:s3cret-smtp-pass@127.0.0.1:${sink.port}?tls=off` }
    )
    try {
      const delivery = await sendTestDigest(served.url, dir)
      expect(delivery.outcome).toBe("sent")
      await eventually(async () => (sink!.received.length === 1 ? true : undefined), "the digest at the SMTP server")
      expect(sink.received[0]!.envelopeTo).toEqual(["ops@negozi.it"])
      expect(sink.received[0]!.mail.from?.value).toEqual([{ address: "alerts@fisco.test", name: "Fisco" }])
      expect(served.stderr()).toContain(`mail digests via smtp://fisco@127.0.0.1:${sink.port}`)
    } finally {
      await served.stop()
    }
    expect(served.stderr()).not.toContain("s3cret-smtp-pass")
  })

  it("without SMTP, records digests as skipped with the reason", async () => {
    const dir = tempDir()
    const served = await startServe(["--port", "0", "--sandbox", "--simulator-port", "0", "--data-dir", dir])
    try {
      expect(served.stderr()).toContain("no SMTP server configured")
      const delivery = await sendTestDigest(served.url, dir)
      expect(delivery).toMatchObject({ outcome: "skipped", reason: expect.stringContaining("FISCO_SMTP_URL") })
    } finally {
      await served.stop()
    }
  })
})
