import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { InvalidInput, Money, addMoney, formatDecimalAmount, money, parseDecimalAmount, splitGross, sumMoney } from "../src/index.js"

describe("Money", () => {
  it("parses device decimals with comma or dot into exact minor units", () => {
    expect(parseDecimalAmount("12,50", "EUR")).toEqual({ amount: 1250, currency: "EUR" })
    expect(parseDecimalAmount("12.5", "EUR")).toEqual({ amount: 1250, currency: "EUR" })
    expect(parseDecimalAmount("-0.01", "EUR")).toEqual({ amount: -1, currency: "EUR" })
    expect(parseDecimalAmount("7", "JPY")).toEqual({ amount: 7, currency: "JPY" })
    // 0.1 + 0.2 style float drift must not appear
    expect(parseDecimalAmount("0.30", "EUR").amount).toBe(30)
    expect(parseDecimalAmount("12.500", "EUR").amount).toBe(1250)
  })

  it("rejects what is not an exact amount", () => {
    expect(() => parseDecimalAmount("12.505", "EUR")).toThrow(InvalidInput)
    expect(() => parseDecimalAmount("1.234,56", "EUR")).toThrow(InvalidInput)
    expect(() => parseDecimalAmount("abc", "EUR")).toThrow(InvalidInput)
  })

  it("formats minor units back to a decimal string", () => {
    expect(formatDecimalAmount(money(1250, "EUR"))).toBe("12.50")
    expect(formatDecimalAmount(money(-5, "EUR"))).toBe("-0.05")
    expect(formatDecimalAmount(money(5, "JPY"))).toBe("5")
  })

  it("refuses to mix currencies and non-integer amounts", () => {
    expect(() => addMoney(money(1, "EUR"), money(1, "BRL"))).toThrow(/cannot combine EUR with BRL/)
    expect(() => money(1.5, "EUR")).toThrow(InvalidInput)
    expect(sumMoney("EUR", [money(10, "EUR"), money(15, "EUR")])).toEqual(money(25, "EUR"))
    expect(Schema.decodeUnknownEither(Money)({ amount: 12.5, currency: "EUR" })._tag).toBe("Left")
  })

  it("splits a gross amount into net and VAT, rounding the tax half-up", () => {
    // 122.00 gross at 22% → 100.00 net + 22.00 VAT
    expect(splitGross(12200, 2200)).toEqual({ net: 10000, tax: 2200 })
    // 1.00 gross at 22%: tax = 18.03 cents → 18
    expect(splitGross(100, 2200)).toEqual({ net: 82, tax: 18 })
    // 0.11 gross at 10%: tax = 1.0 cent exactly
    expect(splitGross(11, 1000)).toEqual({ net: 10, tax: 1 })
    // 0.05 at 10%: tax = 0.4545 → 0
    expect(splitGross(5, 1000)).toEqual({ net: 5, tax: 0 })
  })
})
