import { Schema } from "effect"

/** Who a device says it is. */
export const DeviceIdentity = Schema.Struct({
  vendor: Schema.String,
  model: Schema.String,
  /** Manufacturer serial; for RT devices the matricola (e.g. 99IEC012345). */
  serial: Schema.String,
  firmware: Schema.optional(Schema.String)
}).annotations({ identifier: "DeviceIdentity" })
export type DeviceIdentity = typeof DeviceIdentity.Type
