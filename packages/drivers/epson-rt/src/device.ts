import { type CalendarDate, type DeviceError, DeviceProtocolError, DeviceRejected, type DocumentReference } from "@fisco/core"
import { Context, Effect, type Either, Layer, Option } from "effect"
import { dateIn } from "./codec/dates.js"
import {
  type CounterReading,
  DirectIO,
  type LastDocumentRecord,
  type RtStatus,
  type ZTransmission,
  counterData,
  decodeCounters,
  decodeLastDocument,
  decodeRefundVoidCheck,
  decodePeriodicVerification,
  decodeRtStatus,
  decodeSerialNumber,
  decodeZTransmission,
  isNoDocument,
  refundVoidCheckData,
  zTransmissionData
} from "./codec/direct-io.js"
import { type BoardStatus, type RtState, decodeBoardStatus, decodeRtState } from "./codec/printer-status.js"
import { responseData } from "./codec/replies.js"
import { directIORequest, queryPrinterStatusRequest } from "./codec/requests.js"
import { type StatusParts } from "./codec/status-reading.js"
import type { FpmateReply } from "./codec/xml.js"
import { type ArchiveReader, archiveReader } from "./archive.js"
import type { EpsonRtConfig } from "./config.js"
import { httpTransport } from "./http-transport.js"
import type { DeviceReads, Session, SessionOptions } from "./session.js"
import type { Transport } from "./transport.js"
import { makeSession } from "./session.js"

const decoded = <A>(reply: FpmateReply, decode: (addInfo: FpmateReply["addInfo"]) => Either.Either<A, DeviceError>): Effect.Effect<A, DeviceError> => decode(reply.addInfo)

/** A directIO read: the command's `responseData`. */
export const readDirectIO = (device: DeviceReads, command: number, data: string): Effect.Effect<string, DeviceError> =>
  Effect.flatMap(device.read(directIORequest(command, data), `directIO ${command}`), responseData)

export const readBoardStatus = (device: DeviceReads) =>
  Effect.flatMap(device.read(queryPrinterStatusRequest(0), "queryPrinterStatus"), (reply) => Effect.map(decoded(reply, decodeBoardStatus), (board) => ({ board, reply })))
export const readRtState = (device: DeviceReads) =>
  Effect.flatMap(device.read(queryPrinterStatusRequest(1), "queryPrinterStatus"), (reply) => Effect.map(decoded(reply, decodeRtState), (rt) => ({ rt, reply })))

/** directIO 1387; `None` on a device that never emitted a document (it refuses or answers zeros). */
export const readLastDocument = (device: DeviceReads): Effect.Effect<Option.Option<LastDocumentRecord>, DeviceError> =>
  readDirectIO(device, DirectIO.lastDocument, "01").pipe(
    Effect.flatMap((data) => (/^\d{2}0+\s*$/.test(data.slice(0, 40)) ? Effect.succeedNone : Effect.map(decodeLastDocument(data), (r) => (isNoDocument(r) ? Option.none() : Option.some(r))))),
    Effect.catchTag("DeviceRejected", () => Effect.succeedNone)
  )

/** Native status of "unknown command": a device without directIO 9205 cannot pre-check, which is not a refusal. */
const UNKNOWN_COMMAND = "16"

/** directIO 9205 before a refund or void: fails with `DeviceRejected` when the device would refuse the reference. */
export const checkRefundOrVoid = (device: DeviceReads, kind: "refund" | "void", reference: DocumentReference): Effect.Effect<void, DeviceError> =>
  readDirectIO(device, DirectIO.refundVoidCheck, refundVoidCheckData(kind, reference)).pipe(
    Effect.flatMap(decodeRefundVoidCheck),
    Effect.flatMap((verdict) => (verdict.eligible ? Effect.void : Effect.fail(new DeviceRejected({ deviceCode: verdict.deviceCode, reason: verdict.reason })))),
    Effect.catchIf(
      (error): error is DeviceRejected => error._tag === "DeviceRejected" && error.deviceCode === UNKNOWN_COMMAND,
      () => Effect.void
    )
  )

export const readZTransmission = (device: DeviceReads, zNumber: number) =>
  Effect.flatMap(readDirectIO(device, DirectIO.zTransmission, zTransmissionData(zNumber)), decodeZTransmission)

/** How many Z numbers past the last document's the probe looks for the next free one. */
const Z_PROBE_LIMIT = 32

/** The next Z number (the one that will close the current day): the first one directIO 9217 calls out of range, from the last document's Z on. */
export const readNextZ = (reads: DeviceReads): Effect.Effect<number, DeviceError> =>
  Effect.flatMap(readLastDocument(reads), (last) => {
    const probe = (z: number, left: number): Effect.Effect<number, DeviceError> =>
      left === 0
        ? Effect.fail(new DeviceProtocolError({ reason: `no free Z number found after ${Z_PROBE_LIMIT} probes` }))
        : Effect.flatMap(readZTransmission(reads, z), (t) => (t.state === "out-of-range" ? Effect.succeed(z) : probe(z + 1, left - 1)))
    return probe(Option.match(last, { onNone: () => 1, onSome: (l) => Math.max(1, l.number.z) }), Z_PROBE_LIMIT)
  })

/** A read that older firmware or the RT Server may not know: absent instead of failing the whole poll. */
export const optionalRead = <A>(effect: Effect.Effect<A, DeviceError>): Effect.Effect<Option.Option<A>, DeviceError> =>
  effect.pipe(
    Effect.map(Option.some),
    Effect.catchTags({ DeviceRejected: () => Effect.succeedNone, DeviceProtocolError: () => Effect.succeedNone })
  )

/** Everything one status poll reads, in one exclusive conversation. */
export const readStatusParts = (device: DeviceReads, today: CalendarDate): Effect.Effect<StatusParts, DeviceError> =>
  Effect.gen(function* () {
    const { rt, reply: rtReply } = yield* readRtState(device)
    const { board, reply: boardReply } = yield* readBoardStatus(device)
    const rtStatus = yield* optionalRead(Effect.flatMap(readDirectIO(device, DirectIO.rtStatus, "01"), decodeRtStatus))
    const verification = yield* optionalRead(Effect.flatMap(readDirectIO(device, DirectIO.periodicVerification, "01"), decodePeriodicVerification))
    const serial = yield* optionalRead(Effect.flatMap(readDirectIO(device, DirectIO.serialNumber, "01"), decodeSerialNumber))
    const due = Option.flatMap(verification, (v) => Option.fromNullable(v.dueDate))
    return {
      board,
      rt,
      today,
      rawReplies: [rtReply.raw, boardReply.raw],
      ...(Option.isSome(rtStatus) ? { rtStatus: rtStatus.value } : {}),
      ...(Option.isSome(due) ? { periodicVerificationDue: due.value } : {}),
      ...(Option.isSome(serial) && serial.value !== "" ? { serial: serial.value } : {})
    }
  })

/**
 * Epson-specific reads beyond `FiscalPrinter`, for monitoring: RT state, counters, serial, Z
 * transmission, last document, periodic verification and the on-device archive. Each is one
 * exclusive, retried read.
 */
export interface EpsonRtDevice {
  readonly session: Session
  readonly boardStatus: Effect.Effect<BoardStatus, DeviceError>
  readonly rtState: Effect.Effect<RtState, DeviceError>
  /** directIO 1138. */
  readonly rtStatus: Effect.Effect<RtStatus, DeviceError>
  /** directIO 1387. */
  readonly lastDocument: Effect.Effect<Option.Option<LastDocumentRecord>, DeviceError>
  /** directIO 4228. */
  readonly periodicVerification: Effect.Effect<{ readonly dueDate?: CalendarDate }, DeviceError>
  /** directIO 3217. */
  readonly serialNumber: Effect.Effect<string, DeviceError>
  /** directIO 2050 (daily) / 2051 (periodic) counter `type` (40 VAT sales, 13 cash…) at `index`. */
  readonly counters: (period: "daily" | "periodic", type: number, index?: number) => Effect.Effect<CounterReading, DeviceError>
  /** directIO 9217: whether Z `zNumber` reached AdE (its transmission id), is still queued, or does not exist. */
  readonly zTransmission: (zNumber: number) => Effect.Effect<ZTransmission, DeviceError>
  /** directIO 9205: succeeds when the device would accept a refund or void of `reference`, else `DeviceRejected` with its reason. */
  readonly checkRefundOrVoid: (kind: "refund" | "void", reference: DocumentReference) => Effect.Effect<void, DeviceError>
  /** Any directIO read, for commands the driver does not decode. */
  readonly directIO: (command: number, data: string) => Effect.Effect<string, DeviceError>
  /** Everything a status poll reads, for callers that want the typed parts rather than a `StatusReading`. */
  readonly statusParts: Effect.Effect<StatusParts, DeviceError>
  readonly archive: ArchiveReader
}

const deviceOver = (session: Session, archive: ArchiveReader): EpsonRtDevice => {
  const one = <A>(use: (device: DeviceReads) => Effect.Effect<A, DeviceError>) => session.exclusive(use)
  return {
    session,
    boardStatus: one((d) => Effect.map(readBoardStatus(d), ({ board }) => board)),
    rtState: one((d) => Effect.map(readRtState(d), ({ rt }) => rt)),
    rtStatus: one((d) => Effect.flatMap(readDirectIO(d, DirectIO.rtStatus, "01"), decodeRtStatus)),
    lastDocument: one(readLastDocument),
    periodicVerification: one((d) => Effect.flatMap(readDirectIO(d, DirectIO.periodicVerification, "01"), decodePeriodicVerification)),
    serialNumber: one((d) => Effect.flatMap(readDirectIO(d, DirectIO.serialNumber, "01"), decodeSerialNumber)),
    counters: (period, type, index = 0) => {
      const command = period === "daily" ? DirectIO.dailyCounters : DirectIO.periodicCounters
      return one((d) => Effect.flatMap(readDirectIO(d, command, counterData(type, index)), (data) => decodeCounters(command, data)))
    },
    zTransmission: (zNumber) => one((d) => readZTransmission(d, zNumber)),
    checkRefundOrVoid: (kind, reference) => one((d) => checkRefundOrVoid(d, kind, reference)),
    directIO: (command, data) => one((d) => readDirectIO(d, command, data)),
    statusParts: one((d) => readStatusParts(d, dateIn(new Date()))),
    archive
  }
}

export interface EpsonRtDeviceOptions extends SessionOptions {
  /** Replaces the HTTP transport to fpmate (an agent relay, a test network); the archive is still read over HTTP. */
  readonly transport?: Transport
}

/** Builds the Epson-specific device API for a config (one session, so one request at a time). */
export const makeEpsonRtDevice = (config: EpsonRtConfig, options: EpsonRtDeviceOptions = {}): Effect.Effect<EpsonRtDevice> => {
  const connection = { url: config.url, timeoutMs: config.timeoutMs, ...(config.username === undefined ? {} : { username: config.username, password: config.password ?? "" }) }
  return Effect.map(makeSession(options.transport ?? httpTransport(connection), options), (session) => deviceOver(session, archiveReader(connection)))
}

/** The Epson-specific API as a service, for hosts that compose it next to `FiscalPrinter`. */
export class EpsonRt extends Context.Tag("@fisco/driver-epson-rt/EpsonRt")<EpsonRt, EpsonRtDevice>() {}

export const epsonRtLayer = (config: EpsonRtConfig, options: EpsonRtDeviceOptions = {}): Layer.Layer<EpsonRt> => Layer.effect(EpsonRt, makeEpsonRtDevice(config, options))
