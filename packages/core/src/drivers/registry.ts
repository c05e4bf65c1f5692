import { Schema } from "effect"
import type { Layer } from "effect"
import type { Device } from "../domain/device.js"
import { type DeviceError, InvalidInput } from "../errors.js"
import { decodeInput } from "../validation.js"
import { type AnyDriver, type DriverDescription, type ServiceByKind, describeDriver } from "./define-driver.js"

/** The set of drivers a host composes; the server and the domain services look drivers up here. */
export interface DriverRegistry {
  get(id: string): AnyDriver | undefined
  list(): ReadonlyArray<AnyDriver>
  describe(): ReadonlyArray<DriverDescription>
  /**
   * Checks that the driver exists, serves `kind`, and that `config` satisfies its schema; returns the
   * config normalised to its stored (encoded, JSON-safe) form with defaults filled in.
   * Throws `InvalidInput` with paths under `driver.`.
   */
  validate(driverId: string, kind: Device["kind"], config: unknown): Record<string, unknown>
  /** The layer providing the device's service, built from its stored driver binding. */
  layerFor<D extends Device>(device: D): Layer.Layer<ServiceByKind[D["kind"]], DeviceError>
}

export const createDriverRegistry = (drivers: ReadonlyArray<AnyDriver>): DriverRegistry => {
  const byId = new Map<string, AnyDriver>()
  for (const d of drivers) {
    if (byId.has(d.id)) throw new TypeError(`driver ${d.id} registered twice`)
    byId.set(d.id, d)
  }
  const require = (driverId: string, kind: Device["kind"]): AnyDriver => {
    const driver = byId.get(driverId)
    if (!driver) {
      throw new InvalidInput({ issues: [{ path: "driver.id", message: `unknown driver ${driverId}; registered: ${[...byId.keys()].join(", ") || "none"}` }] })
    }
    if (!(driver.kinds as ReadonlyArray<string>).includes(kind)) {
      throw new InvalidInput({ issues: [{ path: "kind", message: `driver ${driverId} serves ${driver.kinds.join(", ")}, not ${kind}` }] })
    }
    return driver
  }
  return {
    get: (id) => byId.get(id),
    list: () => [...byId.values()],
    describe: () => [...byId.values()].map(describeDriver),
    validate: (driverId, kind, config) => {
      const schema = require(driverId, kind).configSchema
      return Schema.encodeSync(schema)(decodeInput(schema, config, "driver.config")) as Record<string, unknown>
    },
    layerFor: (device) => {
      const driver = require(device.driver.id, device.kind)
      const config = decodeInput(driver.configSchema, device.driver.config, "driver.config")
      return driver.make(config, { deviceId: device.id, livemode: device.livemode }) as never
    }
  }
}
