import { Schema } from "effect"
import { describeRoute, resolver } from "hono-openapi"
import { Problem } from "../problem.js"

/** Name of the security scheme in the OpenAPI document. */
export const BEARER_SCHEME = "bearerAuth"

const json = <A, I>(schema: Schema.Schema<A, I>, media = "application/json") => ({
  [media]: { schema: resolver(Schema.standardSchemaV1(schema)) }
})

const problem = (description: string) => ({ description, content: json(Problem, "application/problem+json") })

/** Error answers by status, shared by every operation that can give them. */
const ERRORS = {
  400: problem("Invalid input; `errors` names each offending field"),
  401: problem("Missing, invalid, expired or revoked credential"),
  403: problem("The credential lacks the scope, or the key is not allowed from this address"),
  404: problem("No such resource in the caller's tenant and mode"),
  409: problem("Conflict, or a request with the same Idempotency-Key is still in flight"),
  422: problem("The Idempotency-Key was used with a different request"),
  501: problem("The device or its driver lacks the capability (`unsupported`); never answered with an empty result"),
  502: problem("The device did not answer or answered something unreadable"),
  504: problem("The device did not answer in time")
} as const
type ErrorStatus = keyof typeof ERRORS

export interface OperationDoc {
  readonly tag: string
  readonly summary: string
  readonly description?: string
  /** Scope the caller needs; omitted on public operations. */
  readonly scope?: string
  readonly status?: 200 | 201 | 202
  readonly response: Schema.Schema<any, any>
  readonly responseDescription?: string
  /** Creating POSTs: documents the `Idempotency-Key` header and its 409/422 answers. */
  readonly idempotent?: boolean
  readonly errors?: ReadonlyArray<ErrorStatus>
  /** The success answer also comes as CSV (`text/csv`), chosen by `format=csv` or `Accept`. */
  readonly csv?: boolean
  /** A second success answer (e.g. 201 done inline vs 202 queued). */
  readonly alternative?: { readonly status: 200 | 201 | 202; readonly response: Schema.Schema<any, any>; readonly description: string }
}

/** OpenAPI description of one route, built from the same effect Schemas the route validates and answers with. */
export const operation = (doc: OperationDoc) => {
  const errors = new Set<ErrorStatus>(doc.errors ?? [])
  if (doc.scope) errors.add(401).add(403)
  if (doc.idempotent) errors.add(409).add(422)
  const needs = doc.scope ? `Requires scope \`${doc.scope}\`.` : "Public."
  return describeRoute({
    tags: [doc.tag],
    summary: doc.summary,
    description: doc.description ? `${doc.description}\n\n${needs}` : needs,
    security: doc.scope ? [{ [BEARER_SCHEME]: [] }] : [],
    ...(doc.idempotent
      ? {
          parameters: [
            {
              in: "header",
              name: "Idempotency-Key",
              required: false,
              description: "Makes retries safe: the first response is stored for 24 h and replayed with `Idempotent-Replayed: true`.",
              schema: { type: "string", maxLength: 255 }
            }
          ]
        }
      : {}),
    responses: {
      [doc.status ?? 200]: {
        description: doc.responseDescription ?? "OK",
        content: { ...json(doc.response), ...(doc.csv ? { "text/csv": { schema: { type: "string" } } } : {}) }
      },
      ...(doc.alternative ? { [doc.alternative.status]: { description: doc.alternative.description, content: json(doc.alternative.response) } } : {}),
      ...Object.fromEntries([...errors].sort().map((s) => [s, ERRORS[s]]))
    }
  })
}

/** The 400 answer hono-openapi adds to every validated route (the Problem schema is in the components of any authenticated route). */
export const VALIDATION_ERROR_RESPONSE = {
  description: ERRORS[400].description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } }
}
