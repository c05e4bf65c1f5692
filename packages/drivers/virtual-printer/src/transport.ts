import type { NoReply } from "@fisco/core"
import type { Effect } from "effect"

export { NoReply } from "@fisco/core"

/** What came back for one request: the HTTP status and the body, uninterpreted. */
export interface TransportReply {
  readonly status: number
  readonly body: string
}

/** Moves one request body to the device and its reply back. Swappable so the session stays transport-agnostic. */
export interface Transport {
  readonly send: (body: string, operation: string) => Effect.Effect<TransportReply, NoReply>
}
