import { DeviceProtocolError, parseDecimalAmount } from "@fisco/core"
import { Either } from "effect"

/**
 * Amounts on the fpmate wire: decimals with a comma, as Epson's own SDK writes them and as the
 * device answers ("13,00"). Written from integer cents without a float; read with comma or dot.
 */
export const formatAmount = (cents: number): string => {
  const digits = Math.abs(cents).toString().padStart(3, "0")
  return `${cents < 0 ? "-" : ""}${digits.slice(0, -2)},${digits.slice(-2)}`
}

/** Quantity from thousandths: "2" for 2000, "0,250" for 250. */
export const formatQuantity = (milli: number): string => {
  const whole = Math.floor(milli / 1000)
  const rest = milli % 1000
  return rest === 0 ? String(whole) : `${whole},${String(rest).padStart(3, "0")}`
}

/** A device amount ("13,00", "13.00", "13") in cents, or a typed error naming `field`. */
export const parseAmount = (text: string, field: string): Either.Either<number, DeviceProtocolError> => {
  try {
    return Either.right(parseDecimalAmount(text, "EUR").amount)
  } catch {
    return Either.left(new DeviceProtocolError({ reason: `${field} is not an amount: ${JSON.stringify(text)}` }))
  }
}

/** The line amount the device computes from quantity × unit price, rounded half up to the cent. */
export const lineAmount = (quantityMilli: number, unitPrice: number): number => {
  const product = BigInt(quantityMilli) * BigInt(unitPrice)
  const sign = product < 0n ? -1n : 1n
  return Number((sign * ((sign * product * 2n + 1000n) / 2000n)))
}
