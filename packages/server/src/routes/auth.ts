import { Schema } from "effect"
import { Hono } from "hono"
import { TOKEN_TTL_SECONDS } from "../auth/token.js"
import type { AppEnv } from "../context.js"
import { operation } from "../http/operation.js"
import { jsonBody } from "../http/validate.js"
import type { RouteDeps } from "./deps.js"

const TokenRequest = Schema.Struct({
  email: Schema.String.pipe(Schema.minLength(1)),
  password: Schema.String.pipe(Schema.minLength(1)),
  /** Test mode unless asked otherwise, like a `sk_test_` key. */
  livemode: Schema.optionalWith(Schema.Boolean, { default: () => false })
}).annotations({ identifier: "TokenRequest" })

const TokenResponse = Schema.Struct({
  token: Schema.String,
  tokenType: Schema.Literal("Bearer"),
  expiresIn: Schema.Int,
  expiresAt: Schema.String
}).annotations({ identifier: "Token" })

/** Public: exchanges a user's e-mail and password for a short-lived bearer token. */
export const authRoutes = ({ users, tokens }: RouteDeps) => {
  const app = new Hono<AppEnv>()
  app.post(
    "/token",
    operation({
      tag: "Auth",
      summary: "Exchange e-mail and password for a token",
      description: `An HS256 JWT valid ${TOKEN_TTL_SECONDS / 60} minutes, carrying the user's tenant, role and mode. Send it as \`Authorization: Bearer <token>\`.`,
      response: TokenResponse,
      errors: [401]
    }),
    jsonBody(TokenRequest),
    async (c) => {
      const { email, password, livemode } = c.req.valid("json")
      const user = await users.login(email, password)
      const issued = await tokens.issue({ tenant: user.tenantId, user: user.id, role: user.role, livemode })
      return c.json({ token: issued.token, tokenType: "Bearer" as const, expiresIn: TOKEN_TTL_SECONDS, expiresAt: issued.expiresAt.toISOString() })
    }
  )
  return app
}
