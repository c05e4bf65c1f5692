import { Role, TenantId, UserId } from "@fisco/core"
import { Either, Schema } from "effect"
import { sign, verify } from "hono/jwt"
import { Unauthenticated } from "../errors.js"

/** Access tokens are short-lived: a leaked one is useful for minutes, and role changes bite quickly. */
export const TOKEN_TTL_SECONDS = 15 * 60
/** HS256 keys shorter than the hash output weaken it. */
const MIN_SECRET_BYTES = 32

/** What a token says about its holder. */
export const TokenClaims = Schema.Struct({
  tenant: TenantId,
  user: UserId,
  role: Role,
  livemode: Schema.Boolean
})
export type TokenClaims = typeof TokenClaims.Type

export interface IssuedToken {
  readonly token: string
  readonly expiresAt: Date
}

/** Signs and checks the HS256 JWTs that `POST /v1/auth/token` hands out. */
export interface TokenIssuer {
  issue(claims: TokenClaims): Promise<IssuedToken>
  /** The token's claims; fails with `Unauthenticated` when bad, tampered with or expired. */
  verify(token: string): Promise<TokenClaims>
}

export const createTokenIssuer = (secret: string | Uint8Array): TokenIssuer => {
  const bytes = typeof secret === "string" ? new TextEncoder().encode(secret) : secret
  if (bytes.byteLength < MIN_SECRET_BYTES) throw new TypeError(`tokenSecret must be at least ${MIN_SECRET_BYTES} bytes`)
  // Imported once as a raw HMAC key, so no string is ever mistaken for a PEM by the JWT library.
  const key = crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"])
  const decodeClaims = Schema.decodeUnknownEither(TokenClaims, { onExcessProperty: "ignore" })
  return {
    issue: async (claims) => {
      const now = Math.floor(Date.now() / 1000)
      const exp = now + TOKEN_TTL_SECONDS
      const token = await sign({ ...claims, sub: claims.user, iat: now, exp }, await key, "HS256")
      return { token, expiresAt: new Date(exp * 1000) }
    },
    verify: async (token) => {
      let payload: unknown
      try {
        payload = await verify(token, await key, "HS256")
      } catch {
        throw new Unauthenticated({ reason: "invalid or expired token" })
      }
      const claims = decodeClaims(payload)
      if (Either.isLeft(claims)) throw new Unauthenticated({ reason: "invalid or expired token" })
      return claims.right
    }
  }
}
