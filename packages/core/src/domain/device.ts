import { Schema } from "effect"
import { DeviceId, SiteId, TenantId, Timestamp } from "./ids.js"

/**
 * What a device is, which decides the service its driver provides:
 * `rt-printer`/`rt-server` (Italian Registratore Telematico) → FiscalPrinter,
 * `sat`/`mfe` (Brazilian CF-e emitters) → FiscalEmitter, `router`/`cpe` → Router,
 * `payment-terminal` → PaymentTerminal.
 */
export const DeviceKind = Schema.Literal("rt-printer", "rt-server", "sat", "mfe", "router", "cpe", "payment-terminal")
export type DeviceKind = typeof DeviceKind.Type

/** `direct`: the server reaches the device; `agent`: a Fisco agent on the shop LAN polls it and pushes. */
export const Connectivity = Schema.Literal("direct", "agent")
export type Connectivity = typeof Connectivity.Type

export const DriverBinding = Schema.Struct({
  /** Registered driver id, e.g. `epson-rt`. */
  id: Schema.String.pipe(Schema.pattern(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: () => "must be a driver id such as epson-rt" })),
  /** Driver-specific configuration, validated by that driver's `configSchema`. */
  config: Schema.Record({ key: Schema.String, value: Schema.Unknown })
}).annotations({ identifier: "DriverBinding" })
export type DriverBinding = typeof DriverBinding.Type

const text = (max: number) => Schema.String.pipe(Schema.minLength(1), Schema.maxLength(max))

export const Device = Schema.Struct({
  id: DeviceId,
  tenantId: TenantId,
  livemode: Schema.Boolean,
  siteId: SiteId,
  kind: DeviceKind,
  name: Schema.optional(text(200)),
  vendor: text(100),
  model: text(100),
  /** The manufacturer serial; for RT devices the matricola. */
  serial: text(100),
  driver: DriverBinding,
  connectivity: Connectivity,
  createdAt: Timestamp,
  updatedAt: Timestamp
}).annotations({ identifier: "Device" })
export type Device = typeof Device.Type

export const DeviceInput = Schema.Struct({
  siteId: SiteId,
  kind: DeviceKind,
  name: Device.fields.name,
  vendor: Device.fields.vendor,
  model: Device.fields.model,
  serial: Device.fields.serial,
  driver: DriverBinding,
  connectivity: Schema.optionalWith(Connectivity, { default: () => "direct" as const })
}).annotations({ identifier: "DeviceInput" })
export type DeviceInput = typeof DeviceInput.Type
