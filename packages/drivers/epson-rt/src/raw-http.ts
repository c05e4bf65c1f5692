import { DeviceTimeout, DeviceUnreachable } from "@fisco/core"
import { Effect } from "effect"
import net from "node:net"
import tls from "node:tls"

/** A response read off the socket: status, headers (lower-cased names, repeated ones joined with ", "), body bytes. */
export interface RawResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: Buffer
}

export interface RawGetOptions {
  readonly timeoutMs: number
  readonly headers?: Readonly<Record<string, string>>
}

const HEADER_END = /\r?\n\r?\n/

interface Head {
  readonly status: number
  readonly headers: Record<string, string>
  readonly bodyStart: number
}

/** Reads the status line and headers leniently: bare LF, odd spacing and repeated headers are accepted. */
export const parseHead = (bytes: Buffer): Head | undefined => {
  const text = bytes.toString("latin1")
  const end = HEADER_END.exec(text)
  if (!end) return undefined
  const [statusLine = "", ...lines] = text.slice(0, end.index).split(/\r?\n/)
  const status = /^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(statusLine.trim())
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(":")
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`
  }
  return { status: status ? Number(status[1]) : 0, headers, bodyStart: end.index + end[0].length }
}

/**
 * Decodes a chunked body. `undefined` when the bytes are not chunked at all (the device's server
 * announces chunked, sometimes twice, and then sends the plain body); `done: false` while the
 * terminating chunk has not arrived yet.
 */
export const decodeChunked = (body: Buffer): { readonly done: boolean; readonly body: Buffer } | undefined => {
  const parts: Array<Buffer> = []
  let at = 0
  for (;;) {
    const lineEnd = body.indexOf("\r\n", at)
    if (lineEnd < 0) {
      const partial = body.subarray(at).toString("latin1")
      return /^[0-9a-fA-F]{0,8}$/.test(partial) ? { done: false, body: Buffer.concat(parts) } : undefined
    }
    const sizeLine = body.subarray(at, lineEnd).toString("latin1")
    const size = /^([0-9a-fA-F]{1,8})(?:;.*)?$/.exec(sizeLine.trim())
    if (!size) return undefined
    const length = parseInt(size[1]!, 16)
    if (length === 0) return { done: true, body: Buffer.concat(parts) }
    const dataStart = lineEnd + 2
    if (body.length < dataStart + length + 2) return { done: false, body: Buffer.concat(parts) }
    if (body.subarray(dataStart + length, dataStart + length + 2).toString("latin1") !== "\r\n") return undefined
    parts.push(body.subarray(dataStart, dataStart + length))
    at = dataStart + length + 2
  }
}

/** The body as far as it can be told complete: chunked if it really is, else by Content-Length, else (at close) all of it. */
const bodyOf = (head: Head, received: Buffer, closed: boolean): Buffer | undefined => {
  const body = received.subarray(head.bodyStart)
  if (/chunked/i.test(head.headers["transfer-encoding"] ?? "")) {
    const chunked = decodeChunked(body)
    if (chunked?.done) return chunked.body
    if (chunked && !closed) return undefined
  }
  const length = Number(head.headers["content-length"]?.split(",")[0])
  if (Number.isSafeInteger(length) && length >= 0) {
    if (body.length >= length) return body.subarray(0, length)
    return closed ? body : undefined
  }
  return closed ? body : undefined
}

/**
 * An HTTP/1.1 GET over a raw socket. The RT's file server answers with a malformed (duplicated)
 * `Transfer-Encoding: chunked` header over a body that is not chunked, which Node's strict parser
 * (and fetch) reject; this reader parses headers leniently and frames the body by whatever works.
 */
export const rawGet = (url: URL, options: RawGetOptions): Effect.Effect<RawResponse, DeviceTimeout | DeviceUnreachable> =>
  Effect.async<RawResponse, DeviceTimeout | DeviceUnreachable>((resume) => {
    const secure = url.protocol === "https:"
    const port = Number(url.port || (secure ? 443 : 80))
    const host = url.hostname.replace(/^\[|\]$/g, "")
    const socket = secure ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, rejectUnauthorized: false }) : net.connect({ host, port })
    const chunks: Array<Buffer> = []
    let head: Head | undefined
    let settled = false
    const finish = (result: Effect.Effect<RawResponse, DeviceTimeout | DeviceUnreachable>) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resume(result)
    }
    const tryComplete = (closed: boolean) => {
      const received = Buffer.concat(chunks)
      head ??= parseHead(received)
      if (!head) {
        if (closed) finish(Effect.fail(new DeviceUnreachable({ reason: `connection closed before a complete HTTP head from ${url.host}` })))
        return
      }
      const body = bodyOf(head, received, closed)
      if (body !== undefined) finish(Effect.succeed({ status: head.status, headers: head.headers, body }))
    }
    const timer = setTimeout(() => finish(Effect.fail(new DeviceTimeout({ operation: `GET ${url.pathname}`, afterMs: options.timeoutMs }))), options.timeoutMs)
    socket.on(secure ? "secureConnect" : "connect", () => {
      const headers = { Host: url.host, Connection: "close", Accept: "*/*", ...options.headers }
      socket.write(`GET ${url.pathname}${url.search} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`)
    })
    socket.on("data", (data: Buffer) => {
      chunks.push(data)
      tryComplete(false)
    })
    socket.on("end", () => tryComplete(true))
    socket.on("close", () => tryComplete(true))
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (head) tryComplete(true)
      else finish(Effect.fail(new DeviceUnreachable({ reason: error.code ?? error.message, cause: error })))
    })
    return Effect.sync(() => {
      settled = true
      clearTimeout(timer)
      socket.destroy()
    })
  })
