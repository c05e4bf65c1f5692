import { type DeviceError, ReplyLost, commitOnce } from "@fisco/core"
import { Duration, Effect, type Either, Option, Schedule } from "effect"
import { type Stored, type Verb, encodeLine, parseReply } from "./codec.js"
import type { LineTransport, LostReply } from "./tcp-transport.js"

export interface Answer {
  readonly fields: ReadonlyArray<string>
  /** The reply line as received (kept as the status reading's raw payload). */
  readonly line: string
}

/** How to find a command's result on the printer after its reply was lost. */
export interface ReadBack<A> {
  readonly verb: "LAST" | "LASTZ"
  readonly parse: (fields: ReadonlyArray<string>) => Either.Either<Stored<A> | null, DeviceError>
}

/**
 * One TP-1 at a time: reads are retried (three attempts), prints and closures are sent once and,
 * after a lost reply, looked up with LAST / LASTZ by request id before anything is sent again.
 */
export interface AcmeSession {
  readonly query: (verb: "STATUS" | "IDENT" | "LAST" | "LASTZ") => Effect.Effect<Answer, DeviceError>
  readonly commit: <A>(
    verb: "SALE" | "ZREPORT",
    args: ReadonlyArray<string>,
    parse: (fields: ReadonlyArray<string>) => Either.Either<A, DeviceError>,
    readBack: ReadBack<A>
  ) => Effect.Effect<A, DeviceError>
}

const newRequestId = () => globalThis.crypto.randomUUID().replaceAll("-", "").slice(0, 16)
const transient = (e: DeviceError) => e._tag === "DeviceBusy" || e._tag === "DeviceTimeout" || e._tag === "DeviceUnreachable"
const unwrap = (e: DeviceError | LostReply): DeviceError => (e._tag === "LostReply" ? e.error : e)
/** A lost reply or a garbled one: in both cases the printer may have acted. */
const uncertain = (e: DeviceError | LostReply) => e._tag === "LostReply" || e._tag === "DeviceProtocolError"

export const makeAcmeSession = (transport: LineTransport): Effect.Effect<AcmeSession> =>
  Effect.map(Effect.makeSemaphore(1), (lock) => {
    const send = (verb: Verb, args: ReadonlyArray<string>, requestId: string): Effect.Effect<Answer, DeviceError | LostReply> =>
      Effect.flatMap(transport.exchange(encodeLine(requestId, verb, args), verb), (line) =>
        Effect.map(parseReply(line, requestId), (fields): Answer => ({ fields, line }))
      )
    const query = (verb: "STATUS" | "IDENT" | "LAST" | "LASTZ"): Effect.Effect<Answer, DeviceError> =>
      Effect.retry(Effect.mapError(send(verb, [], newRequestId()), unwrap), {
        schedule: Schedule.exponential(Duration.millis(50)),
        times: 2,
        while: transient
      })

    const commit: AcmeSession["commit"] = (verb, args, parse, readBack) => {
      const requestId = newRequestId()
      const sent = Effect.flatMap(send(verb, args, requestId), ({ fields }) => parse(fields)).pipe(
        Effect.mapError((e) => (uncertain(e) ? new ReplyLost({ error: unwrap(e) }) : unwrap(e)))
      )
      // The TP-1 keeps the request id of its last document and closure: the read-back names this very command.
      const lookBack = query(readBack.verb).pipe(
        Effect.flatMap(({ fields }) => readBack.parse(fields)),
        Effect.map((found) => (found?.requestId === requestId ? Option.some(found.value) : Option.none()))
      )
      return lock.withPermits(1)(commitOnce({ operation: verb, send: sent, readBack: lookBack }))
    }

    return { query: (verb) => lock.withPermits(1)(query(verb)), commit }
  })
