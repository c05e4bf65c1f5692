import { DeviceIdentity, type DeviceError, StatusReading } from "@fisco/core"
import type { Effect } from "effect"
import type { CheckContext, DriverCheck } from "../check.js"
import { expectDecodes, expectFailure, expectSuccess, expectThat } from "../expect.js"

/** Every family's service has `status` and `identify`; the generic checks call them only. */
interface Common {
  readonly status: Effect.Effect<StatusReading, DeviceError>
  readonly identify: Effect.Effect<DeviceIdentity, DeviceError>
}
const readStatus = (context: CheckContext) => context.call((s: Common) => s.status)

/** Checks every driver passes whatever its kind: reading the device, and failing in typed ways. */
export const deviceChecks = (): ReadonlyArray<DriverCheck> => [
  {
    name: "status: decodes as StatusReading with a raw payload",
    run: async (context) => {
      const reading = expectDecodes(StatusReading, expectSuccess(await readStatus(context), "status"), "the status reading")
      expectThat(reading.raw.body.length > 0, "status must carry the device's raw answer in raw.body")
    }
  },
  {
    name: "identify: returns a DeviceIdentity",
    run: async (context) => {
      const identity = expectDecodes(DeviceIdentity, expectSuccess(await context.call((s: Common) => s.identify), "identify"), "the identity")
      expectThat(identity.serial.trim() !== "", "identify must return the device serial")
    }
  },
  {
    name: "unreachable device: fails with DeviceUnreachable or DeviceTimeout",
    run: async (context) => {
      await context.simulator.inject("unreachable")
      expectFailure(await readStatus(context), ["DeviceUnreachable", "DeviceTimeout"], "status of an unreachable device")
    }
  },
  {
    name: "hanging device: a read-only call fails with DeviceTimeout",
    run: async (context) => {
      await context.simulator.inject("timeout")
      expectFailure(await readStatus(context), ["DeviceTimeout"], "status of a device that never answers")
    }
  },
  {
    name: "busy device: fails with DeviceBusy",
    run: async (context) => {
      await context.simulator.inject("busy")
      expectFailure(await readStatus(context), ["DeviceBusy"], "status of a busy device")
    }
  }
]
