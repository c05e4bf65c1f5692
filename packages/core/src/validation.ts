import { Either, ParseResult, Schema } from "effect"
import { type Issue, InvalidInput } from "./errors.js"

/** Turns a schema parse error into field-named issues (`driver.config.port: Expected number…`). */
export const issuesOf = (error: ParseResult.ParseError, basePath = ""): ReadonlyArray<Issue> =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((i) => ({
    path: [basePath, ...i.path.map(String)].filter((s) => s !== "").join("."),
    message: i.message
  }))

/** Decodes untrusted input or throws `InvalidInput` naming each bad field. Excess properties are errors. */
export const decodeInput = <A, I>(schema: Schema.Schema<A, I>, input: unknown, basePath = ""): A => {
  const result = Schema.decodeUnknownEither(schema, { errors: "all", onExcessProperty: "error" })(input)
  if (Either.isLeft(result)) throw new InvalidInput({ issues: issuesOf(result.left, basePath) })
  return result.right
}
