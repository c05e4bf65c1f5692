import { Data } from "effect"

/**
 * Errors of the HTTP layer (credentials, idempotency). Like the core errors they carry a stable
 * `code` that ends up in problem+json bodies.
 */

/** Missing, malformed, unknown, expired or revoked credential. Never says which. */
export class Unauthenticated extends Data.TaggedError("Unauthenticated")<{ readonly reason: string }> {
  readonly code = "unauthenticated"
  override get message() {
    return this.reason
  }
}

/** The credential is valid but lacks what the request needs. */
export class Forbidden extends Data.TaggedError("Forbidden")<{ readonly reason: string }> {
  readonly code = "forbidden"
  override get message() {
    return this.reason
  }
}

/** The API key is restricted to addresses the request did not come from. */
export class IpNotAllowed extends Data.TaggedError("IpNotAllowed")<{ readonly ip: string | undefined }> {
  readonly code = "ip_not_allowed"
  override get message() {
    return this.ip ? `requests from ${this.ip} are not allowed for this API key` : "the client address is unknown and this API key is restricted by address"
  }
}

/** The same `Idempotency-Key` came with a different request. */
export class IdempotencyKeyReused extends Data.TaggedError("IdempotencyKeyReused")<{ readonly key: string }> {
  readonly code = "idempotency_key_reused"
  override get message() {
    return `Idempotency-Key ${this.key} was already used with a different request`
  }
}

/** The first request with this `Idempotency-Key` has not finished yet. */
export class IdempotencyKeyInUse extends Data.TaggedError("IdempotencyKeyInUse")<{ readonly key: string }> {
  readonly code = "idempotency_key_in_use"
  override get message() {
    return `a request with Idempotency-Key ${this.key} is still being processed; retry later`
  }
}

/** The request body exceeds what any Fisco endpoint accepts. */
export class PayloadTooLarge extends Data.TaggedError("PayloadTooLarge")<{ readonly maxBytes: number }> {
  readonly code = "payload_too_large"
  override get message() {
    return `the request body is larger than ${this.maxBytes} bytes`
  }
}

export type HttpError = Unauthenticated | Forbidden | IpNotAllowed | IdempotencyKeyReused | IdempotencyKeyInUse | PayloadTooLarge
