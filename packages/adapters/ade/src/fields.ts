import { parseDecimalAmount } from "@fisco/core"
import { Either } from "effect"
import { type AdeParseError, InvalidField, isAdeParseError } from "./errors.js"
import { type Located, optional, required, textOf } from "./xml/dom.js"

/**
 * Field decoders. Where the XSD fixes a lexical format (amounts, rates) the format is enforced
 * here too, because those values are what the law makes the device sign; everything else is
 * read as the XSD defines it without re-implementing the whole schema (the XSD check does that).
 */

const invalid = (l: Located, value: string, reason: string) => new InvalidField({ path: l.path, value, reason })

/** `Amount2DecimalType`: `-?[0-9]{1,11}\.[0-9]{2}`, returned as integer euro cents. */
export const amountCents = (l: Located): number => {
  const value = textOf(l)
  if (!/^-?\d{1,11}\.\d{2}$/.test(value)) throw invalid(l, value, "amount must have 1 to 11 digits, a dot and exactly 2 decimals")
  return parseDecimalAmount(value, "EUR").amount
}

export const optionalAmountCents = (from: Located, local: string): number | undefined => {
  const l = optional(from, local)
  return l ? amountCents(l) : undefined
}

/** `RateType`: `[0-9]{1,3}\.[0-9]{2}`, at most 100.00, returned in basis points (22.00 → 2200). */
export const rateBasisPoints = (l: Located): number => {
  const value = textOf(l)
  if (!/^\d{1,3}\.\d{2}$/.test(value)) throw invalid(l, value, "VAT rate must look like 22.00")
  const bp = parseDecimalAmount(value, "EUR").amount
  if (bp > 10_000) throw invalid(l, value, "VAT rate cannot exceed 100.00")
  return bp
}

/** `xs:dateTime`, kept as written: RT devices send local Italian time without an offset. */
export const dateTime = (l: Located): string => {
  const value = textOf(l)
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(value)
  if (!m || +m[2]! < 1 || +m[2]! > 12 || +m[3]! < 1 || +m[3]! > 31 || +m[4]! > 24 || +m[5]! > 59 || +m[6]! > 60) {
    throw invalid(l, value, "not an xs:dateTime such as 2019-10-23T08:47:43")
  }
  return value
}

export const optionalDateTime = (from: Located, local: string): string | undefined => {
  const l = optional(from, local)
  return l ? dateTime(l) : undefined
}

/** Non-negative integer of at most `maxDigits` digits (progressives, counters); safe as a JS number up to 15 digits. */
export const integer = (l: Located, { min = 0, maxDigits = 15 } = {}): number => {
  const value = textOf(l)
  const m = /^\+?0*(\d+)$/.exec(value)
  if (!m || m[1]!.length > maxDigits) throw invalid(l, value, `must be an integer of at most ${maxDigits} digits`)
  const n = Number(m[1])
  if (n < min) throw invalid(l, value, `must be at least ${min}`)
  return n
}

export const nonEmptyText = (l: Located): string => {
  const value = textOf(l)
  if (value === "") throw invalid(l, value, "must not be empty")
  return value
}

export const requiredText = (from: Located, local: string): string => nonEmptyText(required(from, local))

export const optionalText = (from: Located, local: string): string | undefined => {
  const l = optional(from, local)
  return l ? textOf(l) : undefined
}

export const oneOf = <const T extends string>(l: Located, allowed: ReadonlyArray<T>): T => {
  const value = textOf(l)
  if (!(allowed as ReadonlyArray<string>).includes(value)) throw invalid(l, value, `must be one of ${allowed.join(", ")}`)
  return value as T
}

/** Five-character AdE code (`CodiceType`: outcome, event and detail codes such as 00200). */
export const code5 = (l: Located): string => {
  const value = textOf(l)
  if (value.length !== 5) throw invalid(l, value, "AdE codes have exactly 5 characters")
  return value
}

/**
 * Runs a parser written with thrown typed errors and returns them as an `Either` left. Anything
 * else is a bug in this package and is left to propagate (the fuzz tests would catch it).
 */
export const runParser = <A>(parse: () => A): Either.Either<A, AdeParseError> => {
  try {
    return Either.right(parse())
  } catch (e) {
    if (isAdeParseError(e)) return Either.left(e)
    throw e
  }
}
