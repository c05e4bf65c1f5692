import { type Server, createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { COMMAND_PATH } from "../protocol.js"
import { handleAdmin } from "./admin-endpoint.js"
import { handleCommand } from "./command-endpoint.js"
import { type VirtualPrinterControl, adminControl } from "./control.js"
import { type SimulatedDevice, createSimulatedDevice } from "./device.js"
import type { InitialState } from "./fiscal-memory.js"
import { sendJson } from "./http-io.js"

export interface VirtualPrinterOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number
  readonly host?: string
  readonly matricola?: string
  readonly state?: InitialState
  /** Time source for document stamps and the device clock. */
  readonly clock?: () => Date
  /** How long each print takes (0 by default); a real printer needs about a second per receipt. */
  readonly printMs?: number
}

export interface VirtualPrinter {
  /** Base URL to put in the driver config. */
  readonly url: string
  readonly matricola: string
  readonly control: VirtualPrinterControl
  close(): Promise<void>
}

export const DEFAULT_MATRICOLA = "99VPR000001"

const route = (device: SimulatedDevice): Parameters<typeof createServer>[1] => (request, response) => {
  const path = new URL(request.url ?? "/", "http://printer").pathname
  const handled =
    path.startsWith("/admin/")
      ? handleAdmin(device, path, request, response)
      : path === `/${COMMAND_PATH}` && request.method === "POST"
        ? handleCommand(device, request, response)
        : Promise.resolve(sendJson(response, 404, { ok: false, error: { code: "NOT_FOUND", message: `no route ${request.method} ${path}` } }))
  handled.catch(() => {
    if (response.headersSent) response.destroy()
    else sendJson(response, 500, { ok: false, error: { code: "INTERNAL", message: "simulator failure" } })
  })
}

const listen = (server: Server, port: number, host: string) =>
  new Promise<AddressInfo>((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, host, () => resolve(server.address() as AddressInfo))
  })

/**
 * Starts a virtual RT printer on a real `node:http` server: the driver's protocol on
 * `POST /api/v1/command`, and `/admin/` for state and fault injection.
 */
export const startVirtualPrinter = async (options: VirtualPrinterOptions = {}): Promise<VirtualPrinter> => {
  const host = options.host ?? "127.0.0.1"
  const matricola = options.matricola ?? DEFAULT_MATRICOLA
  const device = createSimulatedDevice(matricola, options.clock ?? (() => new Date()), options.printMs ?? 0, options.state)
  const server = createServer(route(device))
  const { port } = await listen(server, options.port ?? 0, host)
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`
  return {
    url,
    matricola,
    control: adminControl(url),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}
