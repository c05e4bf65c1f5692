import { createHash, randomBytes } from "node:crypto"

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
/** Random characters after the `sk_test_`/`sk_live_` prefix: 40 × log2(62) ≈ 238 bits. */
const SECRET_LENGTH = 40
const KEY_FORMAT = /^sk_(test|live)_[0-9A-Za-z]{32,}$/

/** Unbiased base62: bytes ≥ 248 (= 4 × 62) are dropped instead of wrapping around. */
const randomBase62 = (length: number): string => {
  let out = ""
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62]
    }
  }
  return out
}

/** A new API key as shown once to its owner, plus what is stored about it (never the secret). */
export interface GeneratedApiKey {
  readonly secret: string
  readonly hash: string
  /** First 12 characters, e.g. `sk_test_AbC1`, to recognise the key in lists. */
  readonly prefix: string
  readonly last4: string
}

/** SHA-256 hex of a secret: what the store keeps and looks keys up by. */
export const hashApiKey = (secret: string): string => createHash("sha256").update(secret, "utf8").digest("hex")

export const generateApiKey = (livemode: boolean): GeneratedApiKey => {
  const secret = `sk_${livemode ? "live" : "test"}_${randomBase62(SECRET_LENGTH)}`
  return { secret, hash: hashApiKey(secret), prefix: secret.slice(0, 12), last4: secret.slice(-4) }
}

/** Whether a bearer credential has the shape of an API key (as opposed to a JWT). */
export const looksLikeApiKey = (credential: string): boolean => KEY_FORMAT.test(credential)
