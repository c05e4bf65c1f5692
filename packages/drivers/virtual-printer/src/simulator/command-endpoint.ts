import type { IncomingMessage, ServerResponse } from "node:http"
import { setTimeout as sleep } from "node:timers/promises"
import { Either, ParseResult, Schema } from "effect"
import { COMMITTING_COMMANDS, CommandRequest, type DeviceErrorCode, resultSchemas } from "../protocol.js"
import type { SimulatedDevice } from "./device.js"
import { parseJson, readBody, sendJson } from "./http-io.js"

const refusal = (status: number, requestId: string | undefined, code: DeviceErrorCode, message: string) => ({
  status,
  body: { ok: false, ...(requestId === undefined ? {} : { requestId }), error: { code, message } }
})

const requestIdOf = (json: unknown): string | undefined => {
  const id = (json as { requestId?: unknown } | null)?.requestId
  return typeof id === "string" ? id : undefined
}

/** `POST /api/v1/command`: faults first (a down or hung printer never reads the command), then the fiscal memory. */
export const handleCommand = async (device: SimulatedDevice, request: IncomingMessage, response: ServerResponse): Promise<void> => {
  const { faults, memory } = device
  if (faults.isDown()) return void request.socket.destroy()
  if (faults.isHanging()) return device.hang(response)
  device.track(response)
  const reply = (r: { readonly status: number; readonly body: unknown }) => sendJson(response, r.status, r.body)

  let text: string
  try {
    text = await readBody(request)
  } catch (error) {
    return reply(refusal(413, undefined, "BAD_REQUEST", (error as Error).message))
  }
  const json = parseJson(text)
  if (!json) return reply(refusal(400, undefined, "BAD_REQUEST", "body is not JSON"))
  const decoded = Schema.decodeUnknownEither(CommandRequest)(json.value)
  if (Either.isLeft(decoded)) {
    return reply(refusal(400, requestIdOf(json.value), "BAD_REQUEST", ParseResult.TreeFormatter.formatErrorSync(decoded.left)))
  }
  const command = decoded.right
  device.log({ command: command.command, requestId: command.requestId })
  if (faults.isBusy()) return reply(refusal(503, command.requestId, "BUSY", "printer busy, try again"))
  if (device.printMs > 0 && command.command !== "status" && command.command !== "identify") await sleep(device.printMs)
  const answer = memory.execute(command)
  if (!answer.ok) return reply(refusal(422, command.requestId, answer.code, answer.message))
  // The command is executed; a dropped reply is lost exactly here, as when a printer loses its link.
  if (COMMITTING_COMMANDS.includes(command.command) && faults.takeDroppedReply()) return void request.socket.destroy()
  const result = Schema.encodeSync(resultSchemas[command.command] as unknown as Schema.Schema<unknown, unknown>)(answer.result)
  reply({ status: 200, body: { ok: true, requestId: command.requestId, result } })
}
