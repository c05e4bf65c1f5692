import { Schema } from "effect"
import { InvalidInput } from "../errors.js"

/** ISO 4217 alphabetic currency code (EUR, BRL…). */
export const Currency = Schema.String.pipe(
  Schema.pattern(/^[A-Z]{3}$/, { message: () => "must be an ISO 4217 currency code such as EUR" }),
  Schema.annotations({ description: "ISO 4217 currency code", examples: ["EUR"] })
)
export type Currency = typeof Currency.Type

/** An amount in integer minor units (cents for EUR and BRL). Floats never carry money in Fisco. */
export const MinorUnits = Schema.Int.pipe(
  Schema.filter((n) => Number.isSafeInteger(n) || "must be a safe integer number of minor units"),
  Schema.annotations({ description: "Integer amount in minor units (e.g. cents)" })
)

export const Money = Schema.Struct({ amount: MinorUnits, currency: Currency }).annotations({
  identifier: "Money",
  description: "An amount of money in integer minor units of an ISO 4217 currency"
})
export type Money = typeof Money.Type

/** Minor-unit exponents that differ from 2 (ISO 4217); every other currency uses 2. */
const EXPONENTS: Record<string, number> = { JPY: 0, KRW: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, JOD: 3, OMR: 3, TND: 3 }
export const currencyExponent = (currency: string): number => EXPONENTS[currency] ?? 2

export const money = (amount: number, currency: string): Money => {
  if (!Number.isSafeInteger(amount)) throw new InvalidInput({ issues: [{ path: "amount", message: "must be integer minor units" }] })
  return { amount, currency }
}

const sameCurrency = (a: Money, b: Money) => {
  if (a.currency !== b.currency) {
    throw new InvalidInput({ issues: [{ path: "currency", message: `cannot combine ${a.currency} with ${b.currency}` }] })
  }
}

export const addMoney = (a: Money, b: Money): Money => (sameCurrency(a, b), money(a.amount + b.amount, a.currency))
export const subtractMoney = (a: Money, b: Money): Money => (sameCurrency(a, b), money(a.amount - b.amount, a.currency))
export const sumMoney = (currency: string, items: ReadonlyArray<Money>): Money =>
  items.reduce((acc, m) => addMoney(acc, m), money(0, currency))

/**
 * Parses a decimal amount as devices and authorities print it ("12,50", "12.50", "-3", "1.234,56"
 * is rejected as ambiguous) into minor units, exactly, without going through a float.
 */
export const parseDecimalAmount = (text: string, currency: string): Money => {
  const exp = currencyExponent(currency)
  const m = /^\s*([+-])?(\d+)(?:[.,](\d+))?\s*$/.exec(text)
  if (!m) throw new InvalidInput({ issues: [{ path: "amount", message: `not a decimal amount: ${JSON.stringify(text)}` }] })
  const [, sign, int, frac = ""] = m
  if (frac.length > exp && /[1-9]/.test(frac.slice(exp))) {
    throw new InvalidInput({ issues: [{ path: "amount", message: `more than ${exp} decimals: ${text}` }] })
  }
  const minor = Number(int) * 10 ** exp + Number((frac + "0".repeat(exp)).slice(0, exp) || "0")
  return money(sign === "-" ? -minor : minor, currency)
}

/** Formats minor units as a plain decimal string with a dot ("1250" EUR → "12.50"). */
export const formatDecimalAmount = (m: Money): string => {
  const exp = currencyExponent(m.currency)
  const abs = Math.abs(m.amount).toString().padStart(exp + 1, "0")
  const body = exp === 0 ? abs : `${abs.slice(0, -exp)}.${abs.slice(-exp)}`
  return m.amount < 0 ? `-${body}` : body
}

/**
 * Splits a gross amount into taxable base and tax for a VAT rate in basis points (2200 = 22%),
 * rounding the tax half-up to the minor unit as Italian and Brazilian rules do per rate total.
 */
export const splitGross = (gross: number, rateBasisPoints: number): { net: number; tax: number } => {
  const g = BigInt(gross)
  const r = BigInt(rateBasisPoints)
  const denom = 10_000n + r
  const twice = (2n * g * r) / denom
  const tax = Number((twice + (twice >= 0n ? 1n : -1n)) / 2n)
  return { net: gross - tax, tax }
}
