import { type Issue, isDomainError } from "@fisco/core"
import { Schema } from "effect"
import type { Context } from "hono"
import { HTTPException } from "hono/http-exception"
import type { ContentfulStatusCode } from "hono/utils/http-status"
import type { AppEnv } from "./context.js"

/** HTTP status and title of each stable error code the API answers with. */
const CODES: Record<string, { readonly status: ContentfulStatusCode; readonly title: string }> = {
  invalid_input: { status: 400, title: "Invalid input" },
  invalid_json: { status: 400, title: "Malformed JSON" },
  unauthenticated: { status: 401, title: "Unauthenticated" },
  forbidden: { status: 403, title: "Forbidden" },
  ip_not_allowed: { status: 403, title: "IP address not allowed" },
  not_found: { status: 404, title: "Not found" },
  conflict: { status: 409, title: "Conflict" },
  device_busy: { status: 409, title: "Device busy" },
  idempotency_key_in_use: { status: 409, title: "Idempotency key in use" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unreadable_document: { status: 422, title: "Unreadable document" },
  device_rejected: { status: 422, title: "Refused by the device" },
  idempotency_key_reused: { status: 422, title: "Idempotency key reused" },
  internal_error: { status: 500, title: "Internal server error" },
  unsupported: { status: 501, title: "Not supported by the device" },
  device_unreachable: { status: 502, title: "Device unreachable" },
  device_protocol_error: { status: 502, title: "Device protocol error" },
  outcome_unknown: { status: 502, title: "Outcome unknown" },
  not_ready: { status: 503, title: "Not ready" },
  device_timeout: { status: 504, title: "Device timeout" }
}

/**
 * Codes whose 5xx answer is final: the device may have acted, so an idempotent retry must replay
 * this answer instead of running the operation again.
 */
export const FINAL_SERVER_ERROR_CODES: ReadonlySet<string> = new Set(["outcome_unknown"])

/** RFC 9457 problem details, with Fisco's stable `code` and the request id. */
export const Problem = Schema.Struct({
  type: Schema.String,
  title: Schema.String,
  status: Schema.Int,
  detail: Schema.String,
  code: Schema.String,
  request_id: Schema.String,
  instance: Schema.String,
  errors: Schema.optional(Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String })))
}).annotations({ identifier: "Problem", description: "RFC 9457 problem details" })
export type Problem = typeof Problem.Type

/** What an error says about itself, before the request adds its id and path. */
export interface ProblemOutline {
  readonly code: string
  readonly detail: string
  readonly errors?: ReadonlyArray<Issue>
  /** Overrides the code's usual status (HTTP exceptions carry their own). */
  readonly status?: ContentfulStatusCode
}

const INTERNAL: ProblemOutline = { code: "internal_error", detail: "An unexpected error occurred. Quote the request id when reporting it." }

/** Maps a thrown value to a problem; anything unrecognised becomes an opaque 500. */
export const outlineOf = (error: unknown): ProblemOutline => {
  if (error instanceof HTTPException) {
    if (error.status === 400 && /json/i.test(error.message)) return { code: "invalid_json", detail: "The request body is not valid JSON." }
    const code = Object.entries(CODES).find(([, v]) => v.status === error.status)?.[0] ?? "internal_error"
    return { code, detail: error.message || CODES[code]!.title, status: error.status as ContentfulStatusCode }
  }
  if (isDomainError(error) || isKnownHttpError(error)) {
    const { code } = error as { code: string }
    if (!(code in CODES)) return INTERNAL
    const issues = (error as { issues?: ReadonlyArray<Issue> }).issues
    return issues ? { code, detail: error.message, errors: issues } : { code, detail: error.message }
  }
  return INTERNAL
}

const isKnownHttpError = (u: unknown): u is Error & { code: string } =>
  u instanceof Error && "_tag" in u && typeof (u as { code?: unknown }).code === "string"

export const statusOf = (outline: ProblemOutline): ContentfulStatusCode => outline.status ?? CODES[outline.code]?.status ?? 500

/** Writes the problem+json response for the current request. */
export const problemResponse = (c: Context<AppEnv>, outline: ProblemOutline): Response => {
  const status = statusOf(outline)
  const body: Problem = {
    type: `urn:fisco:error:${outline.code}`,
    title: CODES[outline.code]?.title ?? "Error",
    status,
    detail: outline.detail,
    code: outline.code,
    request_id: c.get("requestId"),
    instance: c.req.path,
    ...(outline.errors ? { errors: outline.errors } : {})
  }
  const headers: Record<string, string> = { "Content-Type": "application/problem+json" }
  if (status === 401) headers["WWW-Authenticate"] = 'Bearer realm="fisco"'
  return c.body(JSON.stringify(body), status, headers)
}
