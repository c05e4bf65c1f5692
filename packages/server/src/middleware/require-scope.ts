import { hasScope } from "@fisco/core"
import type { Context, MiddlewareHandler } from "hono"
import type { Principal } from "../auth/principal.js"
import type { AppEnv } from "../context.js"
import { Forbidden, Unauthenticated } from "../errors.js"

/** The authenticated caller; routes behind `authenticate` always have one. */
export const principalOf = (c: Context<AppEnv>): Principal => {
  const principal = c.get("principal")
  if (!principal) throw new Unauthenticated({ reason: "authentication required" })
  return principal
}

/** Lets the request through only when the caller holds `scope` (403 otherwise). */
export const requireScope = (scope: string): MiddlewareHandler<AppEnv> => async (c, next) => {
  if (!hasScope(principalOf(c).scopes, scope)) throw new Forbidden({ reason: `this credential lacks the ${scope} scope` })
  await next()
}
