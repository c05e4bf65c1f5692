import { Schema } from "effect"

export const AcmeTp1Config = Schema.Struct({
  host: Schema.String.pipe(Schema.minLength(1)),
  port: Schema.Int.pipe(Schema.between(1, 65_535)),
  /** Per request, connecting included. */
  timeoutMs: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, 60_000)), { default: () => 3000 })
}).annotations({ identifier: "AcmeTp1Config" })
export type AcmeTp1Config = typeof AcmeTp1Config.Type
