import { HttpUrl } from "@fisco/core"
import { Schema } from "effect"

/** A device's `driver.config` for an Epson RT printer or RT Server. */
export const EpsonRtConfig = Schema.Struct({
  /** Base URL of the device, e.g. `http://192.168.1.50` (fpmate is at `/cgi-bin/fpmate.cgi`). */
  url: HttpUrl,
  /** How long one request may take, connecting included (the device is slow while printing). */
  timeoutMs: Schema.optionalWith(Schema.Int.pipe(Schema.between(100, 120_000)), { default: () => 10_000 }),
  /** The device's matricola; when set, fiscal commands are refused if the device reports another one. */
  matricola: Schema.optional(Schema.String.pipe(Schema.pattern(/^\d{2}[A-Z][A-Z0-9]{2}\d{6}$/, { message: () => "must be an 11-character matricola such as 99IEB004001" }))),
  /** HTTP Basic credentials; the Epson RT Server requires them (factory default epson/epson). */
  username: Schema.optional(Schema.String.pipe(Schema.minLength(1))),
  password: Schema.optional(Schema.String),
  /** Department per VAT code (`rate:2200`, `natura:N4` → department number), overriding the factory defaults. */
  departments: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Int.pipe(Schema.between(1, 99)) }))
}).annotations({ identifier: "EpsonRtConfig" })
export type EpsonRtConfig = typeof EpsonRtConfig.Type
