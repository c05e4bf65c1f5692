import { createHash } from "node:crypto"
import { type Clock, type IdempotencyRecord, InvalidInput, type Store } from "@fisco/core"
import type { Context, MiddlewareHandler } from "hono"
import type { AppEnv } from "../context.js"
import { IdempotencyKeyInUse, IdempotencyKeyReused } from "../errors.js"
import { FINAL_SERVER_ERROR_CODES } from "../problem.js"
import { principalOf } from "./require-scope.js"

/** Keys live a day (as at Stripe); older records are purged and the key may be used afresh. */
const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000
/** Purging is opportunistic: at most once per this interval, on a request that carries a key. */
const PURGE_INTERVAL_MS = 60 * 60 * 1000
const VALID_KEY = /^[\x21-\x7e]{1,255}$/
/** Response headers worth replaying; `Request-Id` is the replaying request's own. */
const REPLAYED_HEADERS = ["content-type", "location"]

type StoredResponse = NonNullable<IdempotencyRecord["response"]>

const fingerprintOf = async (c: Context<AppEnv>): Promise<string> =>
  createHash("sha256").update(`${c.req.method}\n${c.req.path}\n`).update(await c.req.text()).digest("hex")

/** A 5xx frees the key for a retry, unless its code says the device may have acted (then the answer stands). */
const isRetryable = async (response: Response): Promise<boolean> => {
  if (response.status < 500) return false
  if (!response.headers.get("content-type")?.includes("problem+json")) return true
  const code = await response
    .clone()
    .json()
    .then((body) => (body as { code?: unknown }).code, () => undefined)
  return !(typeof code === "string" && FINAL_SERVER_ERROR_CODES.has(code))
}

const replay = (stored: StoredResponse): Response =>
  new Response(stored.body, { status: stored.status, headers: { ...stored.headers, "Idempotent-Replayed": "true" } })

/**
 * `Idempotency-Key` support (IETF httpapi draft, brandur's design): the first request claims the key
 * atomically and its response is stored; a replay gets that response back with
 * `Idempotent-Replayed: true`; the same key with another method, path or body → 422; while the first
 * is still running → 409. Keys are per tenant and mode. An in-flight claim left by a crash is not
 * taken over: its outcome is unknown, so it blocks retries until it expires rather than risk a double.
 */
export const idempotency = (store: Store, clock: Clock): MiddlewareHandler<AppEnv> => {
  let lastPurge = Number.NEGATIVE_INFINITY
  const purgeBefore = async (now: Date) => {
    lastPurge = now.getTime()
    await store.idempotency.purge(new Date(now.getTime() - KEY_LIFETIME_MS).toISOString())
  }

  return async (c, next) => {
    const key = c.req.header("Idempotency-Key")
    if (key === undefined) return next()
    if (!VALID_KEY.test(key)) {
      throw new InvalidInput({ issues: [{ path: "Idempotency-Key", message: "must be 1 to 255 visible ASCII characters" }] })
    }
    const principal = principalOf(c)
    const scopedKey = `${principal.livemode ? "live" : "test"}:${key}`
    const fingerprint = await fingerprintOf(c)
    const now = clock()
    if (now.getTime() - lastPurge > PURGE_INTERVAL_MS) await purgeBefore(now)

    const claimKey = () => store.idempotency.claim(principal.tenantId, scopedKey, fingerprint, now.toISOString())
    let claim = await claimKey()
    if (!claim.claimed && now.getTime() - Date.parse(claim.existing.createdAt) > KEY_LIFETIME_MS) {
      await purgeBefore(now)
      claim = await claimKey()
    }
    if (!claim.claimed) {
      const { existing } = claim
      if (existing.fingerprint !== fingerprint) throw new IdempotencyKeyReused({ key })
      if (existing.state !== "completed" || !existing.response) throw new IdempotencyKeyInUse({ key })
      return replay(existing.response)
    }

    try {
      await next()
    } catch (error) {
      await store.idempotency.release(principal.tenantId, scopedKey)
      throw error
    }
    const response = c.res
    if (await isRetryable(response)) {
      await store.idempotency.release(principal.tenantId, scopedKey)
      return
    }
    const headers = Object.fromEntries(REPLAYED_HEADERS.flatMap((h) => (response.headers.has(h) ? [[h, response.headers.get(h)!]] : [])))
    await store.idempotency.complete(principal.tenantId, scopedKey, { status: response.status, body: await response.clone().text(), headers })
  }
}
