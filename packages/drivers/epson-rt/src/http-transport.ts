import { noReplyOf, withDeadline } from "@fisco/core"
import { Effect } from "effect"
import type { Transport } from "./transport.js"

/** The fpmate CGI, on RT printers and on the RT Server alike. */
export const FPMATE_PATH = "cgi-bin/fpmate.cgi"

export interface HttpTransportOptions {
  /** The device's base URL, e.g. `http://192.168.1.50`. */
  readonly url: string
  readonly timeoutMs: number
  /** HTTP Basic credentials (the RT Server requires them). */
  readonly username?: string
  readonly password?: string
}

/** `Authorization` header value for Basic credentials, or undefined without a username. */
export const basicAuthorization = (username?: string, password?: string): string | undefined =>
  username === undefined ? undefined : `Basic ${Buffer.from(`${username}:${password ?? ""}`, "utf8").toString("base64")}`

/** Resolves `path` under the device's base URL. */
export const deviceUrl = (base: string, path: string): URL => new URL(path, base.endsWith("/") ? base : `${base}/`)

/**
 * SOAP over HTTP POST to `fpmate.cgi`, headers as Epson's own SDK sends them. The `timeout` query
 * parameter tells the CGI how long to wait for the fiscal board; the client's own timeout (which
 * covers connecting, sending and reading) is a little longer so the device's answer wins the race.
 */
export const httpTransport = (options: HttpTransportOptions): Transport => {
  const endpoint = deviceUrl(options.url, FPMATE_PATH)
  endpoint.searchParams.set("devid", "local_printer")
  endpoint.searchParams.set("timeout", String(Math.max(1000, Math.min(60_000, options.timeoutMs - 500))))
  const authorization = basicAuthorization(options.username, options.password)
  return {
    send: (body, operation) =>
      Effect.tryPromise({
        try: (interrupt) =>
          withDeadline(interrupt, options.timeoutMs, async (signal) => {
            const response = await fetch(endpoint, {
              method: "POST",
              headers: {
                "content-type": "text/xml; charset=utf-8",
                soapaction: '""',
                "if-modified-since": "Thu, 01 Jan 1970 00:00:00 GMT",
                ...(authorization === undefined ? {} : { authorization })
              },
              body,
              signal
            })
            return { status: response.status, body: await response.text() }
          }),
        catch: (error) => noReplyOf(error, operation, options.timeoutMs)
      })
  }
}
