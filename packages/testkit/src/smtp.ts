import type { AddressInfo } from "node:net"
import { type ParsedMail, simpleParser } from "mailparser"
import { SMTPServer } from "smtp-server"

/** A message as the test SMTP server received it: the SMTP envelope and the parsed MIME message. */
export interface Received {
  readonly envelopeTo: ReadonlyArray<string>
  readonly mail: ParsedMail
}

export interface SmtpSinkOptions {
  /** Require AUTH with these credentials. On a wrong password the server's reply echoes it, as a careless server might. */
  readonly auth?: { readonly user: string; readonly pass: string }
  /** Recipients the server refuses at RCPT TO (550). */
  readonly refuse?: ReadonlyArray<string>
}

export interface SmtpSink {
  readonly port: number
  readonly received: Array<Received>
  close(): Promise<void>
}

/**
 * A real SMTP server on 127.0.0.1 (port 0), plain text (no TLS), that keeps what it receives: for
 * tests that check what mail actually arrives. Needs the `smtp-server` and `mailparser` packages.
 */
export const startSmtpSink = async (options: SmtpSinkOptions = {}): Promise<SmtpSink> => {
  const received: Array<Received> = []
  const server = new SMTPServer({
    secure: false,
    disabledCommands: options.auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authOptional: !options.auth,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass) return callback(null, { user: auth.username })
      callback(new Error(`Invalid username or password ${auth.password ?? ""}`))
    },
    onRcptTo(address, _session, callback) {
      if (options.refuse?.includes(address.address.toLowerCase())) {
        return callback(Object.assign(new Error(`<${address.address}>: mailbox unavailable`), { responseCode: 550 }))
      }
      callback()
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), mail })
          callback()
        },
        (error: Error) => callback(error)
      )
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => resolve())
  })
  const { port } = server.server.address() as AddressInfo
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
