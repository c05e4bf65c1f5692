import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { describe, expect, it } from "vitest"
import { withDeadline } from "../src/index.js"

describe("withDeadline", () => {
  it("aborts a request to a server that never answers with a TimeoutError, even after garbage collection", async () => {
    const server = createServer(() => {
      // Never answers.
    })
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
    const { port } = server.address() as AddressInfo
    try {
      const request = withDeadline(new AbortController().signal, 300, (signal) => fetch(`http://127.0.0.1:${port}/`, { signal }))
      ;(globalThis as { gc?: () => void }).gc?.()
      await expect(request).rejects.toMatchObject({ name: "TimeoutError" })
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })

  it("follows the caller's own abort", async () => {
    const parent = new AbortController()
    const pending = withDeadline(parent.signal, 60_000, (signal) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))))
    parent.abort(new Error("interrupted"))
    await expect(pending).rejects.toThrow("interrupted")
  })
})
