import { Schema } from "effect"

/**
 * How a line or a total is taxed. Italian documents carry either a VAT rate (AliquotaIVA) or, for
 * non-taxable operations, a Natura code (N1…N7 with sub-codes like N2.1, N3.5); the rate is kept in
 * basis points (2200 = 22%) so no float ever touches it.
 */
export const VatRate = Schema.TaggedStruct("rate", {
  basisPoints: Schema.Int.pipe(Schema.between(0, 10_000))
}).annotations({ identifier: "VatRate" })
export const VatNatura = Schema.TaggedStruct("natura", {
  code: Schema.String.pipe(Schema.pattern(/^N[1-7](\.\d)?$/, { message: () => "must be a Natura code such as N4 or N2.1" }))
}).annotations({ identifier: "VatNatura" })
export const VatCode = Schema.Union(VatRate, VatNatura).annotations({ identifier: "VatCode" })
export type VatCode = typeof VatCode.Type

export const vatKey = (v: VatCode): string => (v._tag === "rate" ? `rate:${v.basisPoints}` : `natura:${v.code}`)
