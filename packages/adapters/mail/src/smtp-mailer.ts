import type { Mailer, MailReceipt } from "@fisco/core"
import { type SmtpConfig, checkSmtpConfig } from "./smtp-config.js"
import { addressOf, toMailError } from "./smtp-errors.js"
import { openSmtpTransport } from "./smtp-transport.js"

export interface SmtpMailer extends Mailer {
  /** Connects and authenticates without sending, to check a configuration. Fails with a `MailError`. */
  verify(): Promise<void>
  /** Closes the connection; the mailer must not be used afterwards. */
  close(): void
}

/**
 * A `Mailer` over SMTP. `send` fails with a `MailError` when nothing was delivered; when the server
 * refuses some recipients but takes the others, the message is sent and the refused ones are in
 * `rejected`.
 */
export const createSmtpMailer = (config: SmtpConfig): SmtpMailer => {
  checkSmtpConfig(config)
  const transport = openSmtpTransport(config)
  const from = { name: config.from.name ?? "", address: config.from.email }
  return {
    async send(message): Promise<MailReceipt> {
      try {
        const info = await transport.sendMail({
          from,
          to: message.to.map((r) => ({ name: r.name ?? "", address: r.email })),
          subject: message.subject,
          text: message.text,
          html: message.html
        })
        return { messageId: info.messageId, accepted: info.accepted.map(addressOf), rejected: info.rejected.map(addressOf) }
      } catch (error) {
        throw toMailError(error, config)
      }
    },
    async verify() {
      try {
        await transport.verify()
      } catch (error) {
        throw toMailError(error, config)
      }
    },
    close: () => transport.close()
  }
}
