import { type ServerResponse, createServer } from "node:http"
import type { AddressInfo } from "node:net"

/**
 * An HTTP endpoint standing in for a device that first hangs, then breaks: it holds every request
 * until `breakDown()`, after which held and new requests have their connection dropped unanswered.
 * Lets tests keep a device call in flight, then see it fail.
 */
export const startHeldDevice = async () => {
  const held: ServerResponse[] = []
  let received = 0
  let broken = false
  const server = createServer((req, res) => {
    req.resume()
    received++
    if (broken) res.socket?.destroy()
    else held.push(res)
  })
  const dropHeld = () => {
    for (const res of held.splice(0)) res.socket?.destroy()
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    breakDown: () => {
      broken = true
      dropHeld()
    },
    close: () =>
      new Promise<void>((resolve) => {
        dropHeld()
        server.close(() => resolve())
      })
  }
}
