import { type Server, type Socket, createServer } from "node:net"
import type { AddressInfo } from "node:net"
import { type SimulatorFault, createFaultSwitch } from "@fisco/core"
import { type Tp1Document, createTp1Memory } from "./tp1-memory.js"

/** Steers the simulated TP-1 in-process; the shape `@fisco/testkit` expects of a simulator. */
export interface Tp1Control {
  reset(): Promise<void>
  inject(fault: SimulatorFault): Promise<void>
  documents(): Promise<ReadonlyArray<Tp1Document>>
}

export interface Tp1Simulator {
  readonly host: string
  readonly port: number
  readonly control: Tp1Control
  close(): Promise<void>
}

/** A simulated Acme TP-1 on a real TCP port: one request line in, one reply line out. */
export const startTp1Simulator = async (): Promise<Tp1Simulator> => {
  const memory = createTp1Memory()
  const sockets = new Set<Socket>()
  const faults = createFaultSwitch()

  const serve = (socket: Socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
    socket.on("error", () => socket.destroy())
    if (faults.isDown()) return void socket.destroy()
    socket.setEncoding("utf8")
    let buffer = ""
    socket.on("data", (chunk: string) => {
      buffer += chunk
      for (let end = buffer.indexOf("\n"); end >= 0; end = buffer.indexOf("\n")) {
        const line = buffer.slice(0, end)
        buffer = buffer.slice(end + 1)
        if (faults.isHanging()) continue
        if (faults.isBusy()) {
          socket.write(`${line.split(" ")[0]} ERR BUSY printing\n`)
          continue
        }
        const reply = memory.handle(line)
        if (reply.committed && faults.takeDroppedReply()) return void socket.destroy()
        socket.write(`${reply.line}\n`)
      }
    })
  }

  const server: Server = createServer(serve)
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    host: "127.0.0.1",
    port,
    control: {
      reset: async () => {
        memory.reset()
        faults.clear()
      },
      inject: async (fault) => faults.inject({ fault }),
      documents: async () => memory.documents()
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
