import { Data } from "effect"
import { DeviceTimeout, DeviceUnreachable } from "../errors.js"

/**
 * What a transport fails with when no reply came. `mayHaveArrived` is false only when the request
 * certainly never reached the device (connection refused, unknown host): then a fiscal command is
 * known not to have been executed. When true, sessions turn it into `ReplyLost` for `commitOnce`.
 */
export class NoReply extends Data.TaggedError("NoReply")<{
  readonly error: DeviceTimeout | DeviceUnreachable
  readonly mayHaveArrived: boolean
}> {}

/** Connection errors that prove the request was never delivered. */
const NOT_DELIVERED = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ERR_INVALID_URL"])

const errorCode = (error: unknown): string | undefined => {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause
  return typeof cause?.code === "string" ? cause.code : undefined
}

/**
 * Classifies what `fetch` threw for a device request: an aborted timeout may have reached the
 * device; a refused connection or an unknown host certainly did not.
 */
export const noReplyOf = (error: unknown, operation: string, timeoutMs: number): NoReply => {
  if (error instanceof Error && error.name === "TimeoutError") {
    return new NoReply({ error: new DeviceTimeout({ operation, afterMs: timeoutMs }), mayHaveArrived: true })
  }
  const code = errorCode(error)
  const reason = code ?? (error instanceof Error ? error.message : String(error))
  return new NoReply({ error: new DeviceUnreachable({ reason, cause: error }), mayHaveArrived: !NOT_DELIVERED.has(code ?? "") })
}
