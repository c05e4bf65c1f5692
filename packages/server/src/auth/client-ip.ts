import { getConnInfo } from "@hono/node-server/conninfo"
import type { Context } from "hono"

/**
 * The address a request came from. By default the socket's peer; with `trustProxy` the last
 * `X-Forwarded-For` entry, i.e. the address the (single) trusted proxy saw, which a client cannot
 * forge by sending its own header. `undefined` outside Node (e.g. `app.request` in tests).
 */
export const clientIp = (c: Context, trustProxy: boolean): string | undefined => {
  if (trustProxy) {
    const forwarded = c.req.header("X-Forwarded-For")
    const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).at(-1)
    if (last) return last
  }
  try {
    return getConnInfo(c).remote.address
  } catch {
    return undefined
  }
}
