import type { IncomingMessage, ServerResponse } from "node:http"
import type { SimulatedDevice } from "./device.js"
import { readBody, send } from "./http-io.js"
import { parseSoapRequest, renderReply } from "./soap.js"

export const FPMATE_PATH = "/cgi-bin/fpmate.cgi"

/** Holds requests that must never be answered (a hung printer) until reset or close. */
export type Hang = (response: ServerResponse) => void

/**
 * `POST /cgi-bin/fpmate.cgi`: faults first (a down or hung printer never reads the request), then
 * the SOAP envelope, then the device. A reply dropped after commit destroys the socket once the
 * document or Z is registered, as when a printer loses its link mid-answer.
 */
export const handleFpmate = async (device: SimulatedDevice, hang: Hang, request: IncomingMessage, response: ServerResponse): Promise<void> => {
  const { faults } = device
  if (faults.isDown()) return void request.socket.destroy()
  if (faults.isHanging()) return hang(response)
  const reply = (xml: string) => send(response, 200, "text/xml; charset=utf-8", xml)
  const parsed = parseSoapRequest(await readBody(request))
  if (faults.isBusy()) return reply(renderReply(device.busy()))
  if (!parsed.ok) return reply(renderReply(device.unparsable(parsed.code)))
  const execution = device.execute(parsed.root)
  if (execution.committed && faults.takeDroppedReply()) return void request.socket.destroy()
  reply(renderReply(execution.reply))
}
