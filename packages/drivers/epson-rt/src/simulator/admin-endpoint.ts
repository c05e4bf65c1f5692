import type { IncomingMessage, ServerResponse } from "node:http"
import { Either, ParseResult, Schema } from "effect"
import { summariseByVat } from "./corrispettivi.js"
import type { SimulatedDevice } from "./device.js"
import { FaultInjection } from "./faults.js"
import type { StoredDocument } from "./fiscal-memory.js"
import { readBody, sendJson } from "./http-io.js"
import { type Conditions, DeviceConditions } from "./state.js"
import type { Transmission } from "./transmissions.js"
import type { VatSummary } from "./corrispettivi.js"

/** What `GET /admin/state` reports. */
export interface EpsonSimulatorSnapshot {
  readonly matricola: string
  readonly conditions: Conditions
  /** The Z number of the open (or next) fiscal day. */
  readonly currentZ: number
  readonly lastDocumentNumber: number
  readonly dayOpen: boolean
  readonly closurePending: boolean
  readonly faults: ReadonlyArray<string>
  /** Device clock, UTC. */
  readonly now: string
}

/** A daily closure as `GET /admin/closures` reports it. */
export interface ClosureSummary {
  readonly z: number
  readonly date: string
  readonly localDateTime: string
  /** The day's takings in cents: sales − refunds − voids. */
  readonly total: number
  readonly documents: number
  readonly perVat: ReadonlyArray<VatSummary>
  readonly inactive?: { readonly from: string; readonly to: string }
  readonly transmission?: Transmission
}

const Clock = Schema.Struct({ now: Schema.NullOr(Schema.String.pipe(Schema.filter((s) => !Number.isNaN(Date.parse(s)) || "must be an ISO date-time"))) })
const Delivery = Schema.Struct({ outcome: Schema.Literal("accepted", "rejected") })

const noContent = (response: ServerResponse) => {
  response.writeHead(204)
  response.end()
}

/** Reads a JSON body with `schema`, or answers 400 and returns undefined. */
const body = async <A, I>(schema: Schema.Schema<A, I>, request: IncomingMessage, response: ServerResponse): Promise<A | undefined> => {
  let json: unknown
  try {
    json = JSON.parse(await readBody(request))
  } catch {
    sendJson(response, 400, { error: "body is not JSON" })
    return undefined
  }
  const decoded = Schema.decodeUnknownEither(schema, { onExcessProperty: "error" })(json)
  if (Either.isRight(decoded)) return decoded.right
  sendJson(response, 400, { error: ParseResult.TreeFormatter.formatErrorSync(decoded.left) })
  return undefined
}

export const snapshot = (device: SimulatedDevice): EpsonSimulatorSnapshot => ({
  matricola: device.matricola,
  conditions: device.conditions(),
  currentZ: device.memory.currentZ(),
  lastDocumentNumber: device.memory.lastDocumentNumber(),
  dayOpen: device.memory.dayOpen(),
  closurePending: device.memory.closurePending(),
  faults: device.faults.list(),
  now: device.clock().toISOString()
})

const closures = (device: SimulatedDevice): ReadonlyArray<ClosureSummary> =>
  device.memory.closures().map((c) => {
    const transmission = device.transmissions.of(c.z)
    return {
      z: c.z,
      date: c.date,
      localDateTime: c.localDateTime,
      total: c.total,
      documents: c.documents,
      perVat: summariseByVat(c.totals, device.memory.vatOf),
      ...(c.inactive ? { inactive: c.inactive } : {}),
      ...(transmission ? { transmission } : {})
    }
  })

/**
 * The simulator's own JSON endpoints under `/admin/`: state and conditions, documents, closures,
 * reset, faults, AdE's answer to queued transmissions and the device clock. They keep working
 * whatever fault is injected.
 */
export const handleAdmin = async (device: SimulatedDevice, path: string, request: IncomingMessage, response: ServerResponse, onReset: () => void): Promise<void> => {
  const withBody = async <A, I>(schema: Schema.Schema<A, I>, apply: (value: A) => void) => {
    const value = await body(schema, request, response)
    if (value === undefined) return
    apply(value)
    noContent(response)
  }
  switch (`${request.method} ${path}`) {
    case "GET /admin/state":
      return sendJson(response, 200, snapshot(device))
    case "POST /admin/state":
      return withBody(DeviceConditions, device.setConditions)
    case "GET /admin/documents":
      return sendJson(response, 200, { documents: device.memory.documents() satisfies ReadonlyArray<StoredDocument> })
    case "GET /admin/closures":
      return sendJson(response, 200, { closures: closures(device) })
    case "POST /admin/reset":
      device.reset()
      onReset()
      return noContent(response)
    case "POST /admin/faults":
      return withBody(FaultInjection, device.faults.inject)
    case "DELETE /admin/faults":
      device.faults.clear()
      return noContent(response)
    case "POST /admin/transmissions": {
      const delivery = await body(Delivery, request, response)
      if (delivery) sendJson(response, 200, { delivered: device.deliverQueued(delivery.outcome) })
      return
    }
    case "POST /admin/clock":
      return withBody(Clock, ({ now }) => device.setClock(now === null ? null : new Date(now)))
    default:
      return sendJson(response, 404, { error: `no admin route ${request.method} ${path}` })
  }
}
