import { Data } from "effect"

/**
 * Why a `Mailer` delivered nothing. Messages carry the server's words but never credentials; each
 * error has a stable `code` like the domain errors.
 */

/** The mail server could not be reached: connection refused, DNS, timeout, TLS handshake. Worth retrying later. */
export class MailUnreachable extends Data.TaggedError("MailUnreachable")<{ readonly reason: string }> {
  readonly code = "mail_unreachable"
  override get message() {
    return `mail server unreachable: ${this.reason}`
  }
}

/** The server refused the credentials. Retrying will not help until the configuration changes. */
export class MailAuthFailed extends Data.TaggedError("MailAuthFailed")<{ readonly reason: string }> {
  readonly code = "mail_auth_failed"
  override get message() {
    return `mail server refused the credentials: ${this.reason}`
  }
}

/** The server refused every recipient, so nothing was sent. */
export class MailRecipientsRejected extends Data.TaggedError("MailRecipientsRejected")<{
  readonly rejected: ReadonlyArray<string>
  readonly reason: string
}> {
  readonly code = "mail_recipients_rejected"
  override get message() {
    return `mail server rejected ${this.rejected.join(", ")}: ${this.reason}`
  }
}

/** Any other refusal (sender refused, message refused at DATA, protocol error). */
export class MailSendFailed extends Data.TaggedError("MailSendFailed")<{ readonly reason: string; readonly smtpCode?: number }> {
  readonly code = "mail_send_failed"
  override get message() {
    return this.smtpCode === undefined ? `mail not sent: ${this.reason}` : `mail not sent (${this.smtpCode}): ${this.reason}`
  }
}

export type MailError = MailUnreachable | MailAuthFailed | MailRecipientsRejected | MailSendFailed
