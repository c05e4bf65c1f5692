import type { Principal } from "./auth/principal.js"
import type { Logger } from "./logger.js"

/** Hono environment of the Fisco app: per-request values set by the middleware. */
export interface AppEnv {
  Variables: {
    requestId: string
    logger: Logger
    /** Set by `authenticate`; absent on public routes. */
    principal?: Principal
  }
}
