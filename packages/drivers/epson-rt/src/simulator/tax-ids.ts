/** Checksums the printer verifies before printing a customer's tax id (native error 30 otherwise). */

/** Partita IVA: 11 digits, the last one a Luhn-style check digit. */
export const isPartitaIva = (text: string): boolean => {
  if (!/^\d{11}$/.test(text)) return false
  const digits = [...text].map(Number)
  const sum = digits.slice(0, 10).reduce((acc, d, i) => {
    if (i % 2 === 0) return acc + d
    const doubled = d * 2
    return acc + (doubled > 9 ? doubled - 9 : doubled)
  }, 0)
  return (10 - (sum % 10)) % 10 === digits[10]
}

/** Values of characters in odd positions (1st, 3rd…) of a codice fiscale; digits map like A…J. */
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
const ordinal = (c: string) => (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65)

/** Codice fiscale of a person: 16 characters, the last one a check letter. */
export const isCodiceFiscale = (text: string): boolean => {
  const upper = text.toUpperCase()
  if (!/^[A-Z0-9]{15}[A-Z]$/.test(upper)) return false
  const sum = [...upper.slice(0, 15)].reduce((acc, c, i) => acc + (i % 2 === 0 ? ODD[ordinal(c)]! : ordinal(c)), 0)
  return String.fromCharCode(65 + (sum % 26)) === upper[15]
}
