import type { IncomingMessage, ServerResponse } from "node:http"

/** Requests larger than this are refused: an fpmate document is a few kilobytes. */
const MAX_BODY_BYTES = 512 * 1024

export const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    request.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body over ${MAX_BODY_BYTES} bytes`))
        request.destroy()
      } else chunks.push(chunk)
    })
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    request.on("error", reject)
  })

export const send = (response: ServerResponse, status: number, contentType: string, body: string): void => {
  response.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) })
  response.end(body)
}

export const sendJson = (response: ServerResponse, status: number, body: unknown): void => send(response, status, "application/json", JSON.stringify(body))
