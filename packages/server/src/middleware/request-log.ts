import type { MiddlewareHandler } from "hono"
import type { AppEnv } from "../context.js"
import type { Logger } from "../logger.js"

/**
 * One log line per request. Only these fields are written: no headers, query strings or bodies,
 * so credentials and personal data never reach the log.
 */
export const requestLog = (logger: Logger): MiddlewareHandler<AppEnv> => async (c, next) => {
  c.set("logger", logger)
  const started = performance.now()
  await next()
  logger.info("request", {
    request_id: c.get("requestId"),
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    duration_ms: Math.round((performance.now() - started) * 10) / 10,
    tenant_id: c.get("principal")?.tenantId ?? null
  })
}
