import { type Issue, InvalidInput, ListRecipient, type MailAddress, decodeInput } from "@fisco/core"

/** How to reach the SMTP relay that sends Fisco's mail. */
export interface SmtpConfig {
  readonly host: string
  /** 587 (submission, STARTTLS), 465 (implicit TLS, `secure: true`) or 25. */
  readonly port: number
  /** TLS from the first byte (port 465). Otherwise STARTTLS is used when the server offers it. */
  readonly secure?: boolean
  /** Never upgrade with STARTTLS, even when offered. Only for local test relays. */
  readonly ignoreTLS?: boolean
  /** Refuse to send unless the connection is upgraded with STARTTLS. */
  readonly requireTLS?: boolean
  readonly auth?: { readonly user: string; readonly pass: string }
  readonly from: MailAddress
  readonly tls?: { readonly rejectUnauthorized?: boolean; readonly servername?: string; readonly minVersion?: "TLSv1.2" | "TLSv1.3" }
  /** Upper bound for connecting, the greeting and each SMTP reply (default 15 s). */
  readonly timeoutMs?: number
}

const problem = (path: string, ok: boolean, message: string): ReadonlyArray<Issue> => (ok ? [] : [{ path, message }])

/** Refuses a config that cannot work, naming each bad field, before any connection is tried. The password is never echoed. */
export const checkSmtpConfig = (config: SmtpConfig): SmtpConfig => {
  const issues = [
    ...problem("host", typeof config.host === "string" && config.host.trim() !== "", "is required"),
    ...problem("port", Number.isInteger(config.port) && config.port >= 1 && config.port <= 65_535, "must be a port between 1 and 65535"),
    ...problem("auth.user", config.auth === undefined || (typeof config.auth.user === "string" && config.auth.user !== ""), "is required with auth"),
    ...problem("auth.pass", config.auth === undefined || (typeof config.auth.pass === "string" && config.auth.pass !== ""), "is required with auth"),
    ...problem("timeoutMs", config.timeoutMs === undefined || (Number.isInteger(config.timeoutMs) && config.timeoutMs > 0), "must be a positive integer"),
    ...problem("ignoreTLS", !(config.ignoreTLS && config.requireTLS), "cannot be set together with requireTLS")
  ]
  try {
    decodeInput(ListRecipient, config.from, "from")
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error
    issues.push(...error.issues)
  }
  if (issues.length > 0) throw new InvalidInput({ issues })
  return config
}
