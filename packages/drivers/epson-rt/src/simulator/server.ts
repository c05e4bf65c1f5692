import { type Server, type ServerResponse, createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { Schema } from "effect"
import { handleAdmin } from "./admin-endpoint.js"
import { ARCHIVE_ROOT, resolveArchivePath, writeMalformed } from "./archive.js"
import { type EpsonSimulatorControl, adminControl } from "./control.js"
import { addDays } from "./device-time.js"
import { type SimulatedDevice, createDevice } from "./device.js"
import { FPMATE_PATH, handleFpmate } from "./fpmate-endpoint.js"
import { send, sendJson } from "./http-io.js"
import { type SigningCredentials, createSigner, generateCredentials } from "./signing.js"
import { InitialState, defaultConditions } from "./state.js"

export interface EpsonSimulatorOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number
  readonly host?: string
  /** 11 characters: maker(2) type(1) model(2) progressive(6). */
  readonly matricola?: string
  /** Conditions and fiscal history to start from (and return to on reset); validated like the admin endpoint. */
  readonly state?: InitialState
  /** Time source for documents, closures and the device clock. */
  readonly clock?: () => Date
  /** The printer's wall-clock zone: it counts fiscal days and prints times in it. Default Europe/Rome. */
  readonly timeZone?: string
  /** The device key and certificate that sign its COR10 files; generated (CN = matricola) when absent. */
  readonly credentials?: SigningCredentials
  /** The key and certificate that sign ESITO files in place of AdE; generated when absent. Several simulators may share one. */
  readonly adeCredentials?: SigningCredentials
}

export interface EpsonSimulator {
  /** Base URL: the driver posts to `${url}/cgi-bin/fpmate.cgi` and reads `${url}/www/dati-rt/`. */
  readonly url: string
  readonly matricola: string
  /** PEM certificate the COR10 files are signed with. */
  readonly certificatePem: string
  readonly control: EpsonSimulatorControl
  close(): Promise<void>
}

export const DEFAULT_MATRICOLA = "99MEY000001"
const MATRICOLA = /^[0-9A-Z]{11}$/

const route = (device: SimulatedDevice) => {
  const hanging = new Set<ServerResponse>()
  const hang = (response: ServerResponse) => {
    hanging.add(response)
    response.on("close", () => hanging.delete(response))
  }
  const dropHanging = () => {
    for (const response of hanging) response.socket?.destroy()
  }
  const handler: Parameters<typeof createServer>[1] = (request, response) => {
    const path = new URL(request.url ?? "/", "http://printer").pathname
    const handled = (async () => {
      if (path.startsWith("/admin/")) return handleAdmin(device, path, request, response, dropHanging)
      if (path === FPMATE_PATH && request.method === "POST") return handleFpmate(device, hang, request, response)
      if (path.startsWith(ARCHIVE_ROOT) && request.method === "GET") {
        if (device.faults.isDown()) return void request.socket.destroy()
        if (device.faults.isHanging()) return hang(response)
        const answer = resolveArchivePath(device.archive, path)
        if (device.conditions().archiveMalformedHeaders) return writeMalformed(request.socket, answer)
        return send(response, answer.status, answer.contentType, answer.body)
      }
      return send(response, 404, "text/html", "<html><body><h1>404 Not Found</h1></body></html>\n")
    })()
    handled.catch(() => {
      if (response.headersSent) response.destroy()
      else sendJson(response, 500, { error: "simulator failure" })
    })
  }
  return { handler, dropHanging }
}

const listen = (server: Server, port: number, host: string) =>
  new Promise<AddressInfo>((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, host, () => resolve(server.address() as AddressInfo))
  })

const YEAR_MS = 365 * 86_400_000
/** Who signs the simulated ESITO files. */
export const ADE_SUBJECT = { country: "IT", organization: "Agenzia delle Entrate", commonName: "Simulatore AE Corrispettivi" }
/** The subject of a device certificate AdE issues: CN = matricola. */
export const deviceSubject = (matricola: string) => ({
  country: "IT",
  organization: "Agenzia delle Entrate",
  organizationalUnit: "Servizio AE Corrispettivi IVA",
  commonName: matricola
})
/** The last day of the month `date` (YYYY-MM-DD) falls in. */
const endOfMonth = (date: string) => {
  const [year, month] = date.split("-").map(Number) as [number, number]
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`
  return addDays(next, -1)
}

/**
 * Starts a simulated Epson RT printer (FP-81 II RT / FP-90III RT) on a real `node:http` server:
 * fpmate SOAP on `POST /cgi-bin/fpmate.cgi`, the on-device archive on `GET /www/dati-rt/`, and
 * `/admin/` for state and fault injection.
 */
export const startEpsonSimulator = async (options: EpsonSimulatorOptions = {}): Promise<EpsonSimulator> => {
  const host = options.host ?? "127.0.0.1"
  const matricola = options.matricola ?? DEFAULT_MATRICOLA
  if (!MATRICOLA.test(matricola)) throw new Error(`matricola must be 11 letters or digits, got ${JSON.stringify(matricola)}`)
  const initial = Schema.decodeUnknownSync(InitialState, { onExcessProperty: "error" })(options.state ?? {})
  const clock = options.clock ?? (() => new Date())
  const started = clock()
  const subject = deviceSubject(matricola)
  const notBefore = new Date(started.getTime() - 86_400_000)
  const [deviceCredentials, adeCredentials] = await Promise.all([
    options.credentials ?? generateCredentials(subject, notBefore, new Date(started.getTime() + 3 * YEAR_MS)),
    options.adeCredentials ?? generateCredentials(ADE_SUBJECT, notBefore, new Date(started.getTime() + 5 * YEAR_MS))
  ])
  const signer = createSigner(deviceCredentials)
  const today = started.toISOString().slice(0, 10)
  // The AdE CA outlives device certificates; the verification is due at the end of the month two years on.
  const verificationDue = endOfMonth(addDays(today, 2 * 365))
  const device = createDevice({
    matricola,
    clock,
    timeZone: options.timeZone ?? "Europe/Rome",
    initial,
    defaults: defaultConditions(signer.notAfter.toISOString().slice(0, 10), addDays(today, 8 * 365), verificationDue),
    signer,
    adeSigner: createSigner(adeCredentials)
  })
  const { handler, dropHanging } = route(device)
  const server = createServer(handler)
  const { port } = await listen(server, options.port ?? 0, host)
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`
  return {
    url,
    matricola,
    certificatePem: signer.certificatePem,
    control: adminControl(url),
    close: () =>
      new Promise<void>((resolve, reject) => {
        dropHanging()
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}
