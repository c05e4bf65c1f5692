import { noReplyOf, withDeadline } from "@fisco/core"
import { Effect } from "effect"
import { COMMAND_PATH } from "./protocol.js"
import type { Transport } from "./transport.js"

export interface HttpTransportOptions {
  /** The printer's base URL, e.g. `http://192.168.1.50:8080`. */
  readonly url: string
  readonly timeoutMs: number
}

/** JSON over HTTP through the global `fetch`; the timeout covers connecting, sending and reading the reply. */
export const httpTransport = (options: HttpTransportOptions): Transport => {
  const endpoint = new URL(COMMAND_PATH, options.url.endsWith("/") ? options.url : `${options.url}/`)
  return {
    send: (body, operation) =>
      Effect.tryPromise({
        try: (interrupt) =>
          withDeadline(interrupt, options.timeoutMs, async (signal) => {
            const response = await fetch(endpoint, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body,
              signal
            })
            return { status: response.status, body: await response.text() }
          }),
        catch: (error) => noReplyOf(error, operation, options.timeoutMs)
      })
  }
}
