import type { VatSummary } from "./corrispettivi.js"

/** `cents × basisPoints / 10000`, rounded half away from zero to the cent, in exact integer arithmetic. */
const taxOn = (cents: number, basisPoints: number): number => {
  const product = BigInt(cents) * BigInt(basisPoints)
  const sign = product < 0n ? -1n : 1n
  const abs = product * sign
  return Number(((abs + 5_000n) / 10_000n) * sign)
}

/**
 * The `Imposta` a summary should declare, given that `Ammontare` is net of VAT: the rate applied to
 * `Ammontare`, minus the rate applied to voids and to returns, each rounded to the cent (the rule
 * the RT test lab checks, and what real devices send: c1.xml 10%, 30.45 − 13.64 voided → 1.69).
 * Undefined for Natura and ventilazione summaries, which carry no tax. A monitor can flag a Z
 * whose `tax` differs from this.
 */
export const expectedTax = (summary: VatSummary): number | undefined => {
  if (summary.vat._tag !== "rate") return undefined
  const bp = summary.vat.basisPoints
  return taxOn(summary.amount, bp) - taxOn(summary.voids, bp) - taxOn(summary.returns, bp)
}
