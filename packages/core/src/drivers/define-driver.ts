import { Effect, JSONSchema, Schema } from "effect"
import type { Layer } from "effect"
import type { DeviceKind } from "../domain/device.js"
import { type DeviceError, Unsupported } from "../errors.js"
import { FiscalEmitter, FiscalEmitterCapabilities, type FiscalEmitterCapability } from "./fiscal-emitter.js"
import { FiscalPrinter, FiscalPrinterCapabilities, type FiscalPrinterCapability } from "./fiscal-printer.js"
import { PaymentTerminal, PaymentTerminalCapabilities, type PaymentTerminalCapability } from "./payment-terminal.js"
import { Router, RouterCapabilities, type RouterCapability } from "./router.js"

/** The service each device kind's driver provides. */
export interface ServiceByKind {
  "rt-printer": FiscalPrinter
  "rt-server": FiscalPrinter
  sat: FiscalEmitter
  mfe: FiscalEmitter
  router: Router
  cpe: Router
  "payment-terminal": PaymentTerminal
}
export interface CapabilityByKind {
  "rt-printer": FiscalPrinterCapability
  "rt-server": FiscalPrinterCapability
  sat: FiscalEmitterCapability
  mfe: FiscalEmitterCapability
  router: RouterCapability
  cpe: RouterCapability
  "payment-terminal": PaymentTerminalCapability
}

/** Service tag and capability vocabulary for each device kind. */
export const serviceForKind = {
  "rt-printer": { tag: FiscalPrinter, capabilities: FiscalPrinterCapabilities },
  "rt-server": { tag: FiscalPrinter, capabilities: FiscalPrinterCapabilities },
  sat: { tag: FiscalEmitter, capabilities: FiscalEmitterCapabilities },
  mfe: { tag: FiscalEmitter, capabilities: FiscalEmitterCapabilities },
  router: { tag: Router, capabilities: RouterCapabilities },
  cpe: { tag: Router, capabilities: RouterCapabilities },
  "payment-terminal": { tag: PaymentTerminal, capabilities: PaymentTerminalCapabilities }
} as const

/** What `make` learns about the device it is built for. */
export interface DriverContext {
  /** Present when the layer is built for a stored device; absent in conformance runs and CLI tools. */
  readonly deviceId?: string
  /** Test-mode devices must never be driven by live hardware paths. */
  readonly livemode: boolean
}

/**
 * A device driver: an id, the device kinds it serves, what it can do, how its configuration looks
 * and a `make` that builds the kind's service (`FiscalPrinter`, `FiscalEmitter`, `Router`,
 * `PaymentTerminal`) as an Effect layer. Modelled on kysely dialects and unstorage drivers: a plain
 * object, registered by the host.
 */
export interface DriverDefinition<K extends DeviceKind = DeviceKind, C = any, I = any> {
  /** Stable id stored on devices, e.g. `epson-rt`. Lowercase, digits and dashes. */
  readonly id: string
  readonly displayName: string
  readonly kinds: ReadonlyArray<K>
  /** Operations the device supports; anything else must fail with `Unsupported`. */
  readonly capabilities: ReadonlyArray<CapabilityByKind[K]>
  /** Validates a device's `driver.config`; its JSON Schema is published by the API. */
  readonly configSchema: Schema.Schema<C, I>
  readonly make: (config: C, context: DriverContext) => Layer.Layer<ServiceByKind[K], DeviceError>
}

/** Any driver, whatever its kinds and config; what registries and hosts hold. */
export type AnyDriver = DriverDefinition<any, any, any>

const DRIVER_ID = /^[a-z0-9][a-z0-9-]{0,63}$/

/**
 * Declares a driver, checking its shape at load time (id format, known kinds, capabilities that
 * belong to its kinds) so a mistake fails when the host starts, not when a device is polled.
 */
export const defineDriver = <K extends DeviceKind, C, I>(definition: DriverDefinition<K, C, I>): DriverDefinition<K, C, I> => {
  if (!DRIVER_ID.test(definition.id)) throw new TypeError(`driver id ${JSON.stringify(definition.id)} must match ${DRIVER_ID}`)
  if (definition.kinds.length === 0) throw new TypeError(`driver ${definition.id} must serve at least one device kind`)
  for (const kind of definition.kinds) {
    const known = serviceForKind[kind]
    if (!known) throw new TypeError(`driver ${definition.id}: unknown device kind ${kind}`)
    for (const cap of definition.capabilities) {
      if (!(known.capabilities as ReadonlyArray<string>).includes(cap)) {
        throw new TypeError(`driver ${definition.id}: capability ${cap} does not exist for ${kind} (${known.capabilities.join(", ")})`)
      }
    }
  }
  const tags = new Set(definition.kinds.map((k) => serviceForKind[k].tag))
  if (tags.size > 1) throw new TypeError(`driver ${definition.id}: kinds ${definition.kinds.join(", ")} need different services`)
  return Object.freeze({ ...definition, kinds: Object.freeze([...definition.kinds]), capabilities: Object.freeze([...definition.capabilities]) })
}

/** The failure a driver returns for an operation its device lacks. */
export const unsupported = (driver: string, capability: string): Effect.Effect<never, Unsupported> =>
  Effect.fail(new Unsupported({ driver, capability }))

/** A driver as the API describes it: what it serves and the JSON Schema of its configuration. */
export interface DriverDescription {
  readonly id: string
  readonly displayName: string
  readonly kinds: ReadonlyArray<DeviceKind>
  readonly capabilities: ReadonlyArray<string>
  readonly configSchema: object
}

export const describeDriver = (d: AnyDriver): DriverDescription => ({
  id: d.id,
  displayName: d.displayName,
  kinds: d.kinds,
  capabilities: d.capabilities,
  configSchema: JSONSchema.make(Schema.encodedSchema(d.configSchema))
})
