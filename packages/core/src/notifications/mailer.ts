/**
 * The port through which notifications leave Fisco by e-mail. `@fisco/mail` implements it over
 * SMTP; a host application may bring its own (a transactional e-mail API, a test sink).
 */

export interface MailAddress {
  readonly email: string
  readonly name?: string
}

export interface MailMessage {
  readonly to: ReadonlyArray<MailAddress>
  readonly subject: string
  readonly text: string
  readonly html: string
}

/**
 * What the server took. Some recipients may be `rejected` while the others received the message:
 * the message was sent, so it must not be sent again to `accepted`.
 */
export interface MailReceipt {
  readonly messageId: string
  readonly accepted: ReadonlyArray<string>
  readonly rejected: ReadonlyArray<string>
}

export interface Mailer {
  /** Fails with a `MailError` when nothing was delivered. */
  send(message: MailMessage): Promise<MailReceipt>
}
