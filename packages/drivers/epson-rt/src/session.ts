import { DeviceBusy, type DeviceError, DeviceRejected, ReplyLost, commitOnce } from "@fisco/core"
import { Duration, Effect, Either, type Option, Schedule } from "effect"
import { isNoAnswer, replyError } from "./codec/device-errors.js"
import { type FpmateReply, parseReply } from "./codec/xml.js"
import type { NoReply, Transport, TransportReply } from "./transport.js"

/** Read-only access to the device, used inside a commit while the session is held. */
export interface DeviceReads {
  /** Sends a read-only request, retried with backoff while the device is busy or silent; fails on a refusal. */
  readonly read: (request: string, operation: string) => Effect.Effect<FpmateReply, DeviceError>
}

/**
 * A fiscal command: what to read first (`prepare`, e.g. the last document, so a lost reply can be
 * told apart later), the request, how to read its reply, and how to find out afterwards whether the
 * device executed it.
 */
export interface CommitSpec<B, A> {
  readonly operation: string
  readonly prepare: (device: DeviceReads) => Effect.Effect<B, DeviceError>
  readonly request: (prepared: B) => string
  readonly accept: (reply: FpmateReply, prepared: B) => Either.Either<A, DeviceError>
  /** `Some` with what the device registered for this very command, `None` when it certainly registered nothing. */
  readonly readBack: (device: DeviceReads, prepared: B) => Effect.Effect<Option.Option<A>, DeviceError>
}

export interface SessionOptions {
  /** Extra attempts for read-only commands when the device is busy or silent (default 2). */
  readonly readRetries?: number
  /** First backoff between read attempts, doubled each time (default 100 ms). */
  readonly backoffMs?: number
}

/**
 * One conversation with one Epson RT. A request at a time (the fiscal board serialises commands,
 * and a lost-reply recovery must not interleave with another print).
 */
export interface Session extends DeviceReads {
  /** A fiscal command (document, Z) through core's `commitOnce`: never re-sent blindly. */
  readonly commit: <B, A>(spec: CommitSpec<B, A>) => Effect.Effect<A, DeviceError>
  /** Sent exactly once, no retry, no recovery (an X report prints paper, not fiscal data). */
  readonly once: (request: string, operation: string) => Effect.Effect<FpmateReply, DeviceError>
  /** Runs several reads as one exclusive conversation (a status poll). */
  readonly exclusive: <A>(use: (device: DeviceReads) => Effect.Effect<A, DeviceError>) => Effect.Effect<A, DeviceError>
}

const isTransient = (error: DeviceError) => error._tag === "DeviceTimeout" || error._tag === "DeviceUnreachable" || error._tag === "DeviceBusy"
const asDeviceError = (error: NoReply | DeviceError): DeviceError => (error._tag === "NoReply" ? error.error : error)

/** HTTP-level answers before any XML: the RT Server's Basic auth and an overloaded web server. */
const httpError = (reply: TransportReply): DeviceError | undefined => {
  if (reply.status === 401 || reply.status === 403) return new DeviceRejected({ deviceCode: `HTTP_${reply.status}`, reason: "credentials refused" })
  if (reply.status === 503) return new DeviceBusy({ reason: "web server busy (HTTP 503)" })
  return undefined
}

export const makeSession = (transport: Transport, options: SessionOptions = {}): Effect.Effect<Session> =>
  Effect.map(Effect.makeSemaphore(1), (semaphore) => {
    const held = semaphore.withPermits(1)

    /** One exchange; a refusal is an error, and `lost` marks the failures after which the device may have acted. */
    const exchange = (request: string, operation: string): Effect.Effect<FpmateReply, { readonly error: DeviceError; readonly lost: boolean }> =>
      Effect.suspend(() => transport.send(request, operation)).pipe(
        Effect.mapError((noReply) => ({ error: asDeviceError(noReply), lost: noReply.mayHaveArrived })),
        Effect.flatMap((reply) => {
          const refused = httpError(reply)
          if (refused) return Effect.fail({ error: refused, lost: false })
          return Either.match(parseReply(reply.body), {
            // A garbled answer came from a device that read the request: it may have acted.
            onLeft: (error) => Effect.fail({ error: error as DeviceError, lost: true }),
            onRight: (parsed) => (parsed.success ? Effect.succeed(parsed) : Effect.fail({ error: replyError(parsed), lost: isNoAnswer(parsed) }))
          })
        })
      )

    const read: DeviceReads["read"] = (request, operation) =>
      Effect.retry(Effect.mapError(exchange(request, operation), ({ error }) => error), {
        schedule: Schedule.exponential(Duration.millis(options.backoffMs ?? 100)),
        times: options.readRetries ?? 2,
        while: isTransient
      })
    const reads: DeviceReads = { read }

    const commit: Session["commit"] = (spec) =>
      held(
        Effect.flatMap(spec.prepare(reads), (prepared) => {
          const send = exchange(spec.request(prepared), spec.operation).pipe(
            Effect.mapError(({ error, lost }) => (lost ? new ReplyLost({ error }) : error)),
            Effect.flatMap((reply) => Either.match(spec.accept(reply, prepared), { onLeft: (error) => Effect.fail(new ReplyLost({ error })), onRight: Effect.succeed }))
          )
          return commitOnce({ operation: spec.operation, send, readBack: spec.readBack(reads, prepared) })
        })
      )

    return {
      read: (request, operation) => held(read(request, operation)),
      commit,
      once: (request, operation) => held(Effect.mapError(exchange(request, operation), ({ error }) => error)),
      exclusive: (use) => held(use(reads))
    }
  })
