import { Either, ParseResult, Schema } from "effect"
import { type Outcome, describeOutcome, tagOf } from "./outcome.js"

/** Thrown by a check to report why the driver does not conform. */
export class CheckFailure extends Error {
  override readonly name = "CheckFailure"
}

export const expectThat = (condition: boolean, message: string): void => {
  if (!condition) throw new CheckFailure(message)
}

export const expectSuccess = <A>(outcome: Outcome<A>, what: string): A => {
  if (outcome._tag !== "Success") throw new CheckFailure(`${what}: expected success, but it ${describeOutcome(outcome)}`)
  return outcome.value
}

/** Expects a typed failure whose `_tag` is one of `tags`; returns the error. */
export const expectFailure = (outcome: Outcome<unknown>, tags: ReadonlyArray<string>, what: string): unknown => {
  if (outcome._tag === "Failure" && tags.includes(tagOf(outcome.error) ?? "")) return outcome.error
  throw new CheckFailure(`${what}: expected a typed ${tags.join(" or ")}, but it ${describeOutcome(outcome)}`)
}

export const expectDecodes = <A, I>(schema: Schema.Schema<A, I>, value: unknown, what: string): A => {
  const result = Schema.decodeUnknownEither(schema)(value)
  if (Either.isLeft(result)) {
    throw new CheckFailure(`${what} does not decode: ${ParseResult.TreeFormatter.formatErrorSync(result.left)}`)
  }
  return result.right
}
