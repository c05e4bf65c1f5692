import { Data, Effect, Option } from "effect"
import { type DeviceError, OutcomeUnknown } from "../errors.js"

/**
 * A fiscal command (document, closure) or payment went out but its reply did not come back whole:
 * the device may have acted. Sessions fail with this instead of a plain timeout so `commitOnce`
 * knows to read the device back before doing anything else.
 */
export class ReplyLost extends Data.TaggedError("ReplyLost")<{ readonly error: DeviceError }> {}

export interface FiscalCommit<A> {
  /** Names the operation in `OutcomeUnknown` errors, e.g. `printSale`. */
  readonly operation: string
  /** Sends the command once. */
  readonly send: Effect.Effect<A, DeviceError | ReplyLost>
  /**
   * Reads the device back after a lost reply: `Some` with what it registered for this very command,
   * `None` when it certainly registered nothing (so sending once more cannot make a duplicate).
   */
  readonly readBack: Effect.Effect<Option.Option<A>, DeviceError>
}

/**
 * The money-and-fiscal-safety rule in one place: a command is never re-sent blindly.
 * After a lost reply the device is read back; what it registered is returned, or, if it registered
 * nothing, the command is sent once more (and read back again if that reply is lost too). If the
 * device cannot be read back the outcome is `OutcomeUnknown`: an operator must look.
 */
export const commitOnce = <A>(command: FiscalCommit<A>): Effect.Effect<A, DeviceError> => {
  const recover = (lost: ReplyLost, ifNothing: Effect.Effect<A, DeviceError>): Effect.Effect<A, DeviceError> =>
    command.readBack.pipe(
      Effect.mapError(
        (unreadable) =>
          new OutcomeUnknown({ operation: command.operation, reason: `reply lost (${lost.error.message}) and read-back failed (${unreadable.message})` })
      ),
      Effect.flatMap(Option.match({ onSome: (registered) => Effect.succeed(registered), onNone: () => ifNothing }))
    )
  const lastTry = command.send.pipe(Effect.catchTag("ReplyLost", (lost) => recover(lost, Effect.fail(lost.error))))
  return command.send.pipe(Effect.catchTag("ReplyLost", (lost) => recover(lost, lastTry)))
}
