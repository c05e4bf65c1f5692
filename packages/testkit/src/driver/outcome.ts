import { Cause, Effect, Exit, Option } from "effect"

/**
 * How a driver call ended. Typed failures and defects are kept apart because the kit's central
 * promise is that drivers fail with typed `DeviceError`s and never throw.
 */
export type Outcome<A> =
  | { readonly _tag: "Success"; readonly value: A }
  | { readonly _tag: "Failure"; readonly error: unknown }
  | { readonly _tag: "Defect"; readonly defect: unknown }

export const outcomeOf = async <A>(effect: Effect.Effect<A, unknown>): Promise<Outcome<A>> => {
  const exit = await Effect.runPromiseExit(effect)
  if (Exit.isSuccess(exit)) return { _tag: "Success", value: exit.value }
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure)) return { _tag: "Failure", error: failure.value }
  return { _tag: "Defect", defect: Cause.squash(exit.cause) }
}

/** The `_tag` of a typed error, if it has one. */
export const tagOf = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && typeof (error as { _tag?: unknown })._tag === "string"
    ? (error as { _tag: string })._tag
    : undefined

const describeError = (error: unknown): string => {
  const tag = tagOf(error)
  const message = error instanceof Error ? error.message : describeValue(error)
  return tag ? `${tag} (${message})` : message
}

/** A short, single-line rendering of any value for check messages. */
export const describeValue = (value: unknown): string => {
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text
}

export const describeOutcome = (outcome: Outcome<unknown>): string => {
  switch (outcome._tag) {
    case "Success":
      return `succeeded with ${describeValue(outcome.value)}`
    case "Failure":
      return `failed with ${describeError(outcome.error)}`
    case "Defect":
      return `died with a defect (a throw, not a typed error): ${describeError(outcome.defect)}`
  }
}
