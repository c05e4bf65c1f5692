import { HttpUrl } from "@fisco/core"
import { Schema } from "effect"

/** A device's `driver.config` for the virtual printer. */
export const VirtualPrinterConfig = Schema.Struct({
  /** Base URL of the printer, e.g. `http://127.0.0.1:9100`. */
  url: HttpUrl,
  /** How long one command may take, connecting included. */
  timeoutMs: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, 120_000)), { default: () => 5000 }),
  /** The printer's matricola; when set, a printer with another matricola refuses every command. */
  matricola: Schema.optional(Schema.String.pipe(Schema.pattern(/^[0-9A-Z]{6,16}$/, { message: () => "must be a matricola such as 99VPR000001" })))
}).annotations({ identifier: "VirtualPrinterConfig" })
export type VirtualPrinterConfig = typeof VirtualPrinterConfig.Type
