import { connect } from "node:net"
import { DeviceTimeout, DeviceUnreachable } from "@fisco/core"
import { Data, Effect } from "effect"

/**
 * The line was written but no reply line came back: the printer may or may not have acted on it.
 * (When the connection never opened, the failure is a plain `DeviceUnreachable`: nothing was sent.)
 */
export class LostReply extends Data.TaggedError("LostReply")<{ readonly error: DeviceTimeout | DeviceUnreachable }> {}

export interface LineTransport {
  readonly exchange: (line: string, operation: string) => Effect.Effect<string, DeviceTimeout | DeviceUnreachable | LostReply>
}

export interface TcpOptions {
  readonly host: string
  readonly port: number
  readonly timeoutMs: number
}

/** Longest reply line accepted; a TP-1 reply is well under 200 bytes. */
const MAX_LINE = 4096

/** One TCP connection per request: connect, write the line, read one line back, close. */
export const tcpTransport = (options: TcpOptions): LineTransport => ({
  exchange: (line, operation) =>
    Effect.async<string, DeviceTimeout | DeviceUnreachable | LostReply>((resume) => {
      const socket = connect({ host: options.host, port: options.port })
      let written = false
      let buffer = ""
      let settled = false
      const cleanUp = () => {
        settled = true
        clearTimeout(timer)
        socket.destroy()
      }
      const settle = (result: Effect.Effect<string, DeviceTimeout | DeviceUnreachable | LostReply>) => {
        if (settled) return
        cleanUp()
        resume(result)
      }
      const failure = (error: DeviceTimeout | DeviceUnreachable) => Effect.fail(written ? new LostReply({ error }) : error)
      const timer = setTimeout(() => settle(failure(new DeviceTimeout({ operation, afterMs: options.timeoutMs }))), options.timeoutMs)
      socket.setEncoding("utf8")
      socket.on("connect", () => {
        written = true
        socket.write(`${line}\n`)
      })
      socket.on("data", (chunk: string) => {
        buffer += chunk
        const end = buffer.indexOf("\n")
        if (end >= 0) settle(Effect.succeed(buffer.slice(0, end).replace(/\r$/, "")))
        else if (buffer.length > MAX_LINE) settle(failure(new DeviceUnreachable({ reason: `reply line over ${MAX_LINE} bytes` })))
      })
      socket.on("error", (error) => settle(failure(new DeviceUnreachable({ reason: error.message, cause: error }))))
      socket.on("close", () => settle(failure(new DeviceUnreachable({ reason: "connection closed before a reply" }))))
      return Effect.sync(cleanUp)
    })
})
