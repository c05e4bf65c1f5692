import { MailAuthFailed, type MailError, MailRecipientsRejected, MailSendFailed, MailUnreachable } from "@fisco/core"
import type { SmtpConfig } from "./smtp-config.js"

/** What nodemailer puts on its errors (`code` is its own, e.g. `EAUTH`; `responseCode` the SMTP reply code). */
interface NodemailerError {
  readonly message?: string
  readonly code?: string
  readonly responseCode?: number
  readonly rejected?: ReadonlyArray<string | { readonly address: string }>
}

const UNREACHABLE = new Set(["ECONNECTION", "ESOCKET", "ETIMEDOUT", "EDNS", "ETLS", "ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENOTFOUND"])

/**
 * Every form in which the password could appear in a server reply or a client message: as typed,
 * and base64-encoded as AUTH LOGIN and AUTH PLAIN send it.
 */
const secretsOf = (config: SmtpConfig): ReadonlyArray<string> => {
  if (!config.auth) return []
  const { user, pass } = config.auth
  const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64")
  return [pass, b64(pass), b64(`\0${user}\0${pass}`), b64(`${user}\0${user}\0${pass}`)].filter((s) => s !== "")
}

/** Replaces every occurrence of each secret with `***`, longest first so no fragment survives. */
export const redact = (text: string, secrets: ReadonlyArray<string>): string =>
  [...secrets].sort((a, b) => b.length - a.length).reduce((t, secret) => t.split(secret).join("***"), text)

export const addressOf = (a: string | { readonly address: string }): string => (typeof a === "string" ? a : a.address).toLowerCase()

/**
 * Turns what nodemailer threw into a `MailError`. Only the redacted message, nodemailer's code and
 * the SMTP reply code are kept: the original error (which may hold the AUTH exchange) is dropped.
 */
export const toMailError = (error: unknown, config: SmtpConfig): MailError => {
  const e = (typeof error === "object" && error !== null ? error : { message: String(error) }) as NodemailerError
  const reason = redact(e.message ?? "unknown error", secretsOf(config))
  if (e.code === "EAUTH" || e.code === "ENOAUTH") return new MailAuthFailed({ reason })
  if (e.code !== undefined && UNREACHABLE.has(e.code)) return new MailUnreachable({ reason })
  if (e.code === "EENVELOPE" && e.rejected && e.rejected.length > 0) {
    return new MailRecipientsRejected({ rejected: e.rejected.map(addressOf), reason })
  }
  return new MailSendFailed(e.responseCode === undefined ? { reason } : { reason, smtpCode: e.responseCode })
}
