import { createServer } from "node:net"
import type { AddressInfo } from "node:net"
import { InvalidInput, MailAuthFailed, MailRecipientsRejected, MailUnreachable } from "@fisco/core"
import { afterEach, describe, expect, it } from "vitest"
import { type SmtpConfig, createSmtpMailer } from "../src/index.js"
import { type SmtpSink, startSmtpSink } from "@fisco/testkit/smtp"

const password = "S3gret0-Pw!"
const auth = { user: "mailalert", pass: password }
const from = { email: "mailalert@fisco.test" }
const message = { subject: "Prova", text: "Prova", html: "<p>Prova</p>" }
const to = (...emails: string[]) => emails.map((email) => ({ email }))

/** Runs `fn`, expecting it to fail; returns the error. */
const failure = async (fn: () => Promise<unknown>): Promise<unknown> => {
  try {
    await fn()
  } catch (error) {
    return error
  }
  throw new Error("expected a failure")
}

/** Every way an error may end up in a log must be free of the password (plain or base64). */
const expectNoSecret = (error: unknown) => {
  const b64 = Buffer.from(password).toString("base64")
  for (const rendering of [(error as Error).message, String(error), JSON.stringify(error), (error as Error).stack ?? ""]) {
    expect(rendering).not.toContain(password)
    expect(rendering).not.toContain(b64)
  }
}

describe("createSmtpMailer", () => {
  let sink: SmtpSink | undefined
  const config = (port: number, extra: Partial<SmtpConfig> = {}): SmtpConfig => ({ host: "127.0.0.1", port, ignoreTLS: true, from, ...extra })
  afterEach(async () => {
    await sink?.close()
    sink = undefined
  })

  it("authenticates and delivers", async () => {
    sink = await startSmtpSink({ auth })
    const mailer = createSmtpMailer(config(sink.port, { auth }))
    await mailer.verify()
    const receipt = await mailer.send({ to: to("A@Example.it"), ...message })
    mailer.close()
    expect(receipt.accepted).toEqual(["a@example.it"])
    expect(sink.received.map((r) => r.envelopeTo)).toEqual([["a@example.it"]])
  })

  it("fails with MailAuthFailed on a wrong password, even when the server echoes it", async () => {
    sink = await startSmtpSink({ auth: { user: "mailalert", pass: "the-right-one" } })
    const mailer = createSmtpMailer(config(sink.port, { auth }))
    const error = await failure(() => mailer.send({ to: to("a@example.it"), ...message }))
    mailer.close()
    expect(error).toBeInstanceOf(MailAuthFailed)
    expect((error as MailAuthFailed).code).toBe("mail_auth_failed")
    expect((error as Error).message).toContain("Invalid username or password ***")
    expectNoSecret(error)
    expect(sink.received).toHaveLength(0)
  })

  it("fails with MailRecipientsRejected when every recipient is refused", async () => {
    sink = await startSmtpSink({ refuse: ["nobody@example.it", "ghost@example.it"] })
    const mailer = createSmtpMailer(config(sink.port))
    const error = await failure(() => mailer.send({ to: to("nobody@example.it", "Ghost@Example.it"), ...message }))
    mailer.close()
    expect(error).toBeInstanceOf(MailRecipientsRejected)
    expect((error as MailRecipientsRejected).rejected).toEqual(["nobody@example.it", "ghost@example.it"])
    expect(sink.received).toHaveLength(0)
  })

  it("delivers to the accepted recipients and reports the refused ones", async () => {
    sink = await startSmtpSink({ refuse: ["nobody@example.it"] })
    const mailer = createSmtpMailer(config(sink.port))
    const receipt = await mailer.send({ to: to("a@example.it", "nobody@example.it"), ...message })
    mailer.close()
    expect(receipt.accepted).toEqual(["a@example.it"])
    expect(receipt.rejected).toEqual(["nobody@example.it"])
    expect(sink.received.map((r) => r.envelopeTo)).toEqual([["a@example.it"]])
  })

  it("fails with MailUnreachable when nothing listens, without the password", async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const mailer = createSmtpMailer(config(port, { auth }))
    const error = await failure(() => mailer.send({ to: to("a@example.it"), ...message }))
    mailer.close()
    expect(error).toBeInstanceOf(MailUnreachable)
    expect((error as MailUnreachable).code).toBe("mail_unreachable")
    expect((error as Error).message).toContain("ECONNREFUSED")
    expectNoSecret(error)
  })

  it("refuses a config that cannot work, naming each field and never echoing the password", () => {
    let error: unknown
    try {
      createSmtpMailer({ host: "", port: 70_000, from: { email: "not-an-address" }, auth: { user: "", pass: password } })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(InvalidInput)
    expect((error as InvalidInput).issues.map((i) => i.path)).toEqual(["host", "port", "auth.user", "from.email"])
    expectNoSecret(error)
  })
})
