import type { SmtpConfig } from "@fisco/mail"
import { CliError } from "./cli-error.js"

export interface MailFlags {
  readonly "smtp-url"?: string | undefined
  readonly "mail-from"?: string | undefined
}

/** The sender digests use when `--mail-from` / `FISCO_MAIL_FROM` is not given. */
export const DEFAULT_MAIL_FROM = "fisco@localhost"

/** `Name <addr>` or a bare address. */
const parseFrom = (text: string): SmtpConfig["from"] => {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(text)
  if (!match) return { email: text.trim() }
  const [, name = "", email = ""] = match
  return name === "" ? { email: email.trim() } : { name: name.replace(/^"|"$/g, ""), email: email.trim() }
}

/**
 * Reads `--smtp-url smtp://user:pass@host:port` (or `FISCO_SMTP_URL`): `smtp://` uses STARTTLS when
 * offered (port 587 by default), `smtps://` TLS from the start (465). `?tls=off` never upgrades (a
 * local test relay such as smtp-server without certificates); `?tls=required` refuses to send unless
 * upgraded. Undefined when no URL is configured. The password only ever goes to the mailer.
 */
export const smtpConfigFrom = (flags: MailFlags, env = process.env): SmtpConfig | undefined => {
  const text = flags["smtp-url"] ?? env.FISCO_SMTP_URL
  if (text === undefined || text.trim() === "") return undefined
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new CliError("--smtp-url must be a URL like smtp://user:password@host:587")
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") throw new CliError("--smtp-url must start with smtp:// or smtps://")
  const secure = url.protocol === "smtps:"
  const tls = url.searchParams.get("tls")
  if (tls !== null && tls !== "off" && tls !== "required") throw new CliError("--smtp-url: tls must be off or required")
  const user = decodeURIComponent(url.username)
  const pass = decodeURIComponent(url.password)
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port === "" ? (secure ? 465 : 587) : Number(url.port),
    secure,
    ...(tls === "off" ? { ignoreTLS: true } : {}),
    ...(tls === "required" ? { requireTLS: true } : {}),
    ...(user !== "" ? { auth: { user, pass } } : {}),
    from: parseFrom(flags["mail-from"] ?? env.FISCO_MAIL_FROM ?? DEFAULT_MAIL_FROM)
  }
}

/** The configuration as it may be shown: never the password. */
export const describeSmtp = (config: SmtpConfig): string =>
  `${config.secure ? "smtps" : "smtp"}://${config.auth ? `${config.auth.user}@` : ""}${config.host}:${config.port} from ${config.from.email}`
