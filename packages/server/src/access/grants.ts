import { BUILTIN_SCOPES, hasScope } from "@fisco/core"
import { Schema } from "effect"
import { Forbidden } from "../errors.js"

/** Scopes a credential can be given: the built-in ones or `*` (everything in the tenant). */
export const GrantableScope = Schema.Literal("*", ...BUILTIN_SCOPES).annotations({ identifier: "Scope" })

/** Whether a holder of `held` may hand out `scope`: `*` only from `*`, anything else as `hasScope` says. */
export const canGrant = (held: ReadonlyArray<string>, scope: string): boolean => (scope === "*" ? held.includes("*") : hasScope(held, scope))

/** Refuses to mint a credential stronger than the caller's own (no privilege escalation via new keys or users). */
export const assertGrantable = (held: ReadonlyArray<string>, requested: ReadonlyArray<string>): void => {
  const excess = requested.filter((s) => !canGrant(held, s))
  if (excess.length > 0) throw new Forbidden({ reason: `cannot grant scopes the caller does not hold: ${excess.join(", ")}` })
}
