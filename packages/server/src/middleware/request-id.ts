import { ulid } from "@fisco/core"
import type { MiddlewareHandler } from "hono"
import type { AppEnv } from "../context.js"

/** Incoming ids are honoured only when short and plain, so they cannot inject into logs or headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/** Gives every request an id (the caller's `X-Request-Id` when sane) and echoes it as `Request-Id`. */
export const requestId = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const incoming = c.req.header("X-Request-Id")
  const id = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : `req_${ulid()}`
  c.set("requestId", id)
  await next()
  c.header("Request-Id", id)
}
