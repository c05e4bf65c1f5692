import type { Store } from "@fisco/core"
import { Schema } from "effect"
import { Hono } from "hono"
import type { AppEnv } from "../context.js"
import { operation } from "../http/operation.js"
import { problemResponse } from "../problem.js"

const Health = Schema.Struct({ status: Schema.Literal("ok") }).annotations({ identifier: "Health" })

/** Liveness (the process answers) and readiness (the store answers too), for orchestrators and load balancers. */
export const healthRoutes = (store: Store) => {
  const app = new Hono<AppEnv>()
  app.get("/healthz", operation({ tag: "Health", summary: "Liveness", response: Health }), (c) => c.json({ status: "ok" as const }))
  app.get("/readyz", operation({ tag: "Health", summary: "Readiness: the store answers", response: Health }), async (c) => {
    try {
      await store.ping()
    } catch (error) {
      c.get("logger").warn("store ping failed", { request_id: c.get("requestId"), error_message: error instanceof Error ? error.message : String(error) })
      return problemResponse(c, { code: "not_ready", detail: `the ${store.dialect} store does not answer` })
    }
    return c.json({ status: "ok" as const })
  })
  return app
}
