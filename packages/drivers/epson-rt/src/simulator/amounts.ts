/**
 * Amounts as the fpmate XML carries them: decimals with a comma or a dot on input ("1,00",
 * "1.00", "2"), a comma on output ("13,00"). Internally everything is integer cents or
 * thousandths, never a float.
 */

/** Parses a decimal with up to `decimals` digits after the separator into an integer scaled by 10^decimals. */
export const parseScaled = (text: string | null | undefined, decimals: number): number | undefined => {
  if (text === null || text === undefined) return undefined
  const match = /^\s*(-)?(\d{1,12})(?:[.,](\d*))?\s*$/.exec(text)
  if (!match) return undefined
  const [, sign, whole, fraction = ""] = match
  if (fraction.length > decimals && /[1-9]/.test(fraction.slice(decimals))) return undefined
  const scaled = Number(whole) * 10 ** decimals + Number(fraction.slice(0, decimals).padEnd(decimals, "0") || "0")
  return sign ? -scaled : scaled
}

export const parseCents = (text: string | null | undefined) => parseScaled(text, 2)
/** Quantities: up to three decimals (0,250 kg), in thousandths. */
export const parseMilli = (text: string | null | undefined) => parseScaled(text, 3)

/** Line amount in cents of `quantityMilli` at `unitPrice` cents, rounded half up as the printer rounds. */
export const lineAmount = (quantityMilli: number, unitPrice: number): number => {
  const product = quantityMilli * unitPrice
  return Math.sign(product) * Math.floor((Math.abs(product) + 500) / 1000)
}

const withSeparator = (cents: number, separator: string): string => {
  const digits = Math.abs(cents).toString().padStart(3, "0")
  return `${cents < 0 ? "-" : ""}${digits.slice(0, -2)}${separator}${digits.slice(-2)}`
}

/** "13,00": how the printer writes amounts in its replies. */
export const commaAmount = (cents: number): string => withSeparator(cents, ",")
/** "13.00": how AdE's schemas want amounts. */
export const dotAmount = (cents: number): string => withSeparator(cents, ".")
/** "1.234,56": how the printed Z report shows amounts. */
export const printedAmount = (cents: number): string => {
  const [whole, fraction] = commaAmount(Math.abs(cents)).split(",") as [string, string]
  return `${cents < 0 ? "-" : ""}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".")},${fraction}`
}

/** Zero-padded fixed-width number, as directIO replies carry them. */
export const fixed = (value: number, width: number): string => String(Math.max(0, Math.trunc(value))).padStart(width, "0").slice(-width)

/**
 * Splits a gross amount into taxable base and tax for a rate in basis points, tax rounded half up
 * (the split a scorporo on the printer does per VAT total).
 */
export const splitGross = (gross: number, rateBasisPoints: number): { readonly net: number; readonly tax: number } => {
  const twice = Math.trunc((2 * gross * rateBasisPoints) / (10_000 + rateBasisPoints))
  const tax = Math.trunc((twice + Math.sign(twice)) / 2)
  return { net: gross - tax, tax }
}
