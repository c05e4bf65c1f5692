import type { IncomingMessage, ServerResponse } from "node:http"
import { Either, ParseResult, Schema } from "effect"
import { PaperLevel } from "../protocol.js"
import type { SimulatedDevice } from "./device.js"
import { FaultInjection } from "./faults.js"
import { parseJson, readBody, sendJson } from "./http-io.js"

export const Conditions = Schema.Struct({ paper: Schema.optional(PaperLevel), coverOpen: Schema.optional(Schema.Boolean) })
export type Conditions = typeof Conditions.Type

const noContent = (response: ServerResponse) => {
  response.writeHead(204)
  response.end()
}

/** Reads a JSON body with `schema`, or answers 400 and returns undefined. */
const body = async <A, I>(schema: Schema.Schema<A, I>, request: IncomingMessage, response: ServerResponse): Promise<A | undefined> => {
  const json = parseJson(await readBody(request))
  const decoded = json ? Schema.decodeUnknownEither(schema, { onExcessProperty: "error" })(json.value) : undefined
  if (decoded && Either.isRight(decoded)) return decoded.right
  sendJson(response, 400, { error: decoded ? ParseResult.TreeFormatter.formatErrorSync(decoded.left) : "body is not JSON" })
  return undefined
}

/**
 * The simulator's own endpoints under `/admin/`, for tests and demos: state, documents, reset,
 * fault injection and paper/cover conditions. They keep working whatever fault is injected.
 */
export const handleAdmin = async (device: SimulatedDevice, path: string, request: IncomingMessage, response: ServerResponse): Promise<void> => {
  switch (`${request.method} ${path}`) {
    case "GET /admin/state":
      return sendJson(response, 200, device.state())
    case "GET /admin/documents":
      return sendJson(response, 200, { documents: device.memory.snapshot().documents })
    case "POST /admin/reset":
      device.reset()
      return noContent(response)
    case "POST /admin/faults": {
      const injection = await body(FaultInjection, request, response)
      if (injection) {
        device.faults.inject(injection)
        noContent(response)
      }
      return
    }
    case "DELETE /admin/faults":
      device.faults.clear()
      return noContent(response)
    case "POST /admin/conditions": {
      const conditions = await body(Conditions, request, response)
      if (conditions) {
        device.memory.setConditions(conditions)
        noContent(response)
      }
      return
    }
    default:
      return sendJson(response, 404, { error: `no admin route ${request.method} ${path}` })
  }
}
