import { ROLE_SCOPES, type Store } from "@fisco/core"
import { looksLikeApiKey } from "../auth/api-key-secret.js"
import type { Principal } from "../auth/principal.js"
import type { TokenIssuer } from "../auth/token.js"
import { Unauthenticated } from "../errors.js"
import type { ApiKeyService } from "./api-keys.js"

/** Resolves a bearer credential (an `sk_…` API key or a user's JWT) to the caller. */
export type Authenticator = (credential: string, clientIp: string | undefined) => Promise<Principal>

export const createAuthenticator = (deps: { readonly store: Store; readonly apiKeys: ApiKeyService; readonly tokens: TokenIssuer }): Authenticator =>
  async (credential, clientIp) => {
    if (looksLikeApiKey(credential)) return deps.apiKeys.authenticate(credential, clientIp)
    const claims = await deps.tokens.verify(credential)
    // The user is read again so a disabled user's tokens stop working and a changed role applies at once.
    const user = await deps.store.users.get(claims.tenant, claims.user)
    if (!user || user.disabledAt !== undefined) throw new Unauthenticated({ reason: "invalid or expired token" })
    return { kind: "user", id: user.id, tenantId: user.tenantId, livemode: claims.livemode, scopes: ROLE_SCOPES[user.role] }
  }
