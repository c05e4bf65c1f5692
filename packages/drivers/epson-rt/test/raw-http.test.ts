import { Effect, Either } from "effect"
import net from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import { rawGet } from "../src/index.js"

/** A TCP server that answers every connection with `reply` (raw bytes), optionally keeping the socket open. */
const serve = async (reply: string, keepOpen = false) => {
  const server = net.createServer((socket) => {
    socket.once("data", () => (keepOpen ? socket.write(reply) : socket.end(reply)))
    socket.on("error", () => {})
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as net.AddressInfo
  return { url: new URL(`http://127.0.0.1:${port}/www/dati-rt/20261124/`), close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

describe("rawGet", () => {
  let close: () => Promise<void> = async () => {}
  afterEach(() => close())
  const get = async (reply: string, keepOpen = false) => {
    const server = await serve(reply, keepOpen)
    close = server.close
    return Effect.runPromise(Effect.either(rawGet(server.url, { timeoutMs: 1000 })))
  }
  const bodyOf = (result: Either.Either<{ body: Buffer }, unknown>) => Either.getOrThrow(result).body.toString()

  it("reads a body under a duplicated Transfer-Encoding: chunked header that is not chunked", async () => {
    const result = await get("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n<html><a href=\"x-ZREPORT.txt\">z</a></html>")
    expect(Either.getOrThrow(result).headers["transfer-encoding"]).toBe("chunked, chunked")
    expect(bodyOf(result)).toBe('<html><a href="x-ZREPORT.txt">z</a></html>')
  })

  it("decodes a body that really is chunked, and frames by Content-Length on a connection left open", async () => {
    expect(bodyOf(await get("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"))).toBe("hello world")
    expect(bodyOf(await get("HTTP/1.1 200 OK\nContent-Length: 4\n\nbodyEXTRA", true))).toBe("body")
  })

  it("fails with DeviceTimeout when the server never finishes, and DeviceUnreachable when nobody listens", async () => {
    expect(Either.flip(await get("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", true))).toEqual(Either.right(expect.objectContaining({ _tag: "DeviceTimeout" })))
    const server = await serve("")
    await server.close()
    const refused = await Effect.runPromise(Effect.either(rawGet(server.url, { timeoutMs: 1000 })))
    expect(Either.isLeft(refused) && refused.left._tag).toBe("DeviceUnreachable")
  })
})
