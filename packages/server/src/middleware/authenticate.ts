import type { MiddlewareHandler } from "hono"
import type { Authenticator } from "../access/authenticator.js"
import { clientIp } from "../auth/client-ip.js"
import type { AppEnv } from "../context.js"
import { Unauthenticated } from "../errors.js"

const BEARER = /^Bearer\s+(\S+)\s*$/i

/** Requires `Authorization: Bearer <sk_… | jwt>` and records the caller for the rest of the request. */
export const authenticate = (authenticator: Authenticator, options: { readonly trustProxy: boolean }): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const credential = BEARER.exec(c.req.header("Authorization") ?? "")?.[1]
    if (!credential) throw new Unauthenticated({ reason: "send Authorization: Bearer <API key or token>" })
    c.set("principal", await authenticator(credential, clientIp(c, options.trustProxy)))
    await next()
  }
