import { type DeviceError, ReplyLost, commitOnce } from "@fisco/core"
import { Duration, Effect, type Option, Schedule } from "effect"
import { decodeReply, encodeRequest } from "./codec.js"
import type { CommandName, CommandRequest, ResultOf } from "./protocol.js"
import type { NoReply, Transport } from "./transport.js"

type Bodies = { readonly [C in CommandName]: Omit<Extract<CommandRequest, { readonly command: C }>, "requestId" | "matricola"> }
/** A command as callers give it: the session adds the request id and the matricola guard. */
export type CommandBody<C extends CommandName = CommandName> = Bodies[C]

export type ReadCommand = "status" | "identify" | "last-document" | "last-closure"
export type CommitCommand = "print-sale" | "print-refund" | "print-void" | "z-report"

export interface Reply<A> {
  readonly result: A
  /** The reply body as received, for `StatusReading.raw`. */
  readonly raw: string
}

/** How to tell, after a lost reply, whether the device executed the command: read `command`, look for the request id. */
export interface ReadBack<R extends ReadCommand, A> {
  readonly command: R
  readonly find: (result: ResultOf<R>, requestId: string) => Option.Option<A>
}

export interface SessionOptions {
  /** The device's matricola; when set, the device refuses commands meant for another printer. */
  readonly matricola?: string
  /** Extra attempts for read-only commands when the device is busy or silent (default 2). */
  readonly readRetries?: number
  /** First backoff between read attempts, doubled each time (default 100 ms). */
  readonly backoffMs?: number
}

/**
 * One conversation with one printer. Commands go one at a time (a fiscal printer handles a single
 * command, and the lost-reply recovery below must not interleave with another print).
 */
export interface Session {
  /** A read-only command, retried with backoff while the device is busy or silent. */
  readonly read: <C extends ReadCommand>(command: C) => Effect.Effect<Reply<ResultOf<C>>, DeviceError>
  /**
   * A fiscal command, never re-sent blindly: if its reply is lost the session reads the device
   * back and returns what the device registered for this request id; if the device registered
   * nothing it sends the command once more; if it cannot tell, it fails with `OutcomeUnknown`.
   * This relies on Fisco being the printer's only client: `last-document` shows only the latest
   * document, so a print by another till in between would hide ours.
   */
  readonly commit: <B extends CommandBody<CommitCommand>, R extends ReadCommand, A>(
    body: B,
    accept: (result: ResultOf<B["command"]>) => A,
    readBack: ReadBack<R, A>
  ) => Effect.Effect<A, DeviceError>
  /** A command sent exactly once with no recovery (an X report prints paper, not fiscal data). */
  readonly once: <B extends CommandBody>(body: B) => Effect.Effect<ResultOf<B["command"]>, DeviceError>
}

const isTransient = (error: DeviceError) => error._tag === "DeviceTimeout" || error._tag === "DeviceUnreachable" || error._tag === "DeviceBusy"

/** A failure after which the command may or may not have been executed. */
type Lost = NoReply | Extract<DeviceError, { readonly _tag: "DeviceProtocolError" }>
const isLost = (error: NoReply | DeviceError): error is Lost =>
  (error._tag === "NoReply" && error.mayHaveArrived) || error._tag === "DeviceProtocolError"
const asDeviceError = (error: NoReply | DeviceError): DeviceError => (error._tag === "NoReply" ? error.error : error)

export const makeSession = (transport: Transport, options: SessionOptions = {}): Effect.Effect<Session> =>
  Effect.map(Effect.makeSemaphore(1), (semaphore) => {
    const oneAtATime = semaphore.withPermits(1)
    const retrying = <A>(effect: Effect.Effect<A, DeviceError>) =>
      Effect.retry(effect, {
        schedule: Schedule.exponential(Duration.millis(options.backoffMs ?? 100)),
        times: options.readRetries ?? 2,
        while: isTransient
      })

    const exchange = <C extends CommandName>(body: CommandBody, requestId: string): Effect.Effect<Reply<ResultOf<C>>, NoReply | DeviceError> => {
      const request = { ...body, requestId, ...(options.matricola === undefined ? {} : { matricola: options.matricola }) } as CommandRequest
      return Effect.flatMap(transport.send(encodeRequest(request), body.command), (reply) =>
        Effect.map(decodeReply(body.command as C, requestId, reply.body, reply.status), (result) => ({ result, raw: reply.body }))
      )
    }
    const read = <C extends ReadCommand>(command: C): Effect.Effect<Reply<ResultOf<C>>, DeviceError> =>
      retrying(Effect.mapError(exchange<C>({ command } as CommandBody, newRequestId()), asDeviceError))

    const commit: Session["commit"] = (body, accept, readBack) => {
      const requestId = newRequestId()
      const send = exchange<(typeof body)["command"]>(body, requestId).pipe(
        Effect.map(({ result }) => accept(result)),
        Effect.mapError((error) => (isLost(error) ? new ReplyLost({ error: asDeviceError(error) }) : asDeviceError(error)))
      )
      // The printer stores the request id with each document, so the read-back names this very command.
      const lookBack = Effect.map(read(readBack.command), ({ result }) => readBack.find(result, requestId))
      return oneAtATime(commitOnce({ operation: body.command, send, readBack: lookBack }))
    }

    return {
      read: (command) => oneAtATime(read(command)),
      commit,
      once: (body) =>
        oneAtATime(Effect.mapError(Effect.map(exchange<(typeof body)["command"]>(body, newRequestId()), (reply) => reply.result), asDeviceError))
    }
  })

const newRequestId = (): string => globalThis.crypto.randomUUID()
