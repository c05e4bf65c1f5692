import type { Context, ErrorHandler, NotFoundHandler } from "hono"
import type { AppEnv } from "../context.js"
import { outlineOf, problemResponse, statusOf } from "../problem.js"

/** Turns any thrown error into problem+json; unexpected ones are logged with the request id and answered opaquely. */
export const onProblemError: ErrorHandler<AppEnv> = (error, c) => {
  const outline = outlineOf(error)
  if (statusOf(outline) >= 500 && outline.code === "internal_error") {
    c.get("logger")?.error("unhandled error", {
      request_id: c.get("requestId"),
      error_name: error.name,
      error_message: error.message,
      stack: error.stack
    })
  }
  return problemResponse(c, outline)
}

/** Unknown routes answer a 404 problem, not Hono's plain-text default. */
export const onRouteNotFound: NotFoundHandler<AppEnv> = (c: Context<AppEnv>) =>
  problemResponse(c, { code: "not_found", detail: `no route ${c.req.method} ${c.req.path}` })
