import nodemailer from "nodemailer"
import type { SmtpConfig } from "./smtp-config.js"

/**
 * The slice of a nodemailer transporter this package uses. Kept structural so the rest of the
 * package does not depend on nodemailer's own types, which change between majors.
 */
export interface SmtpTransport {
  sendMail(message: {
    readonly from: { readonly name: string; readonly address: string }
    readonly to: ReadonlyArray<{ readonly name: string; readonly address: string }>
    readonly subject: string
    readonly text: string
    readonly html: string
  }): Promise<SmtpSendInfo>
  verify(): Promise<unknown>
  close(): void
}

export interface SmtpSendInfo {
  readonly messageId: string
  readonly accepted: ReadonlyArray<string | { readonly address: string }>
  readonly rejected: ReadonlyArray<string | { readonly address: string }>
}

const DEFAULT_TIMEOUT_MS = 15_000

export const openSmtpTransport = (config: SmtpConfig): SmtpTransport => {
  const timeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS
  return nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure ?? false,
    ignoreTLS: config.ignoreTLS ?? false,
    requireTLS: config.requireTLS ?? false,
    ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.pass } } : {}),
    ...(config.tls ? { tls: { ...config.tls } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // nodemailer's logger would print the SMTP dialogue, AUTH included: keep it off.
    logger: false,
    debug: false
  }) as unknown as SmtpTransport
}
