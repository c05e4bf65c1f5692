import { type Issue, InvalidInput } from "@fisco/core"
import { Schema } from "effect"
import type { Context } from "hono"
import { validator } from "hono-openapi"

/** A Standard Schema issue, as the validator hands it over. */
interface SchemaIssue {
  readonly message: string
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined
}

const issuesOf = (issues: ReadonlyArray<SchemaIssue>): ReadonlyArray<Issue> =>
  issues.map((i) => ({
    path: (i.path ?? []).map((s) => String(typeof s === "object" ? s.key : s)).join("."),
    message: i.message
  }))

const isJsonRequest = (c: Context) => /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(c.req.header("Content-Type") ?? "")

/** Validation failures become `InvalidInput`, which the error handler answers as a 400 problem naming each field. */
const failWithIssues = (
  result: { success: true } | { success: false; error: ReadonlyArray<SchemaIssue> },
  c: Context
): undefined => {
  if (result.success) return undefined
  if (c.req.method !== "GET" && !isJsonRequest(c)) {
    throw new InvalidInput({ issues: [{ path: "", message: "send a JSON body with Content-Type: application/json" }] })
  }
  throw new InvalidInput({ issues: issuesOf(result.error) })
}

/**
 * Validates the JSON body with an effect Schema. The same schema feeds the OpenAPI document, so
 * the published contract and the check cannot drift. Unknown fields are errors, as in core.
 */
export const jsonBody = <A, I>(schema: Schema.Schema<A, I>) =>
  validator("json", Schema.standardSchemaV1(schema, { errors: "all", onExcessProperty: "error" }), failWithIssues)

/** Validates the query string; unknown parameters are ignored, as HTTP caches and proxies add some. */
export const queryOf = <A, I>(schema: Schema.Schema<A, I>) =>
  validator("query", Schema.standardSchemaV1(schema, { errors: "all", onExcessProperty: "ignore" }), failWithIssues)
