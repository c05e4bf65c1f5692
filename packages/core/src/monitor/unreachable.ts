import type { DeviceStatus } from "../domain/device-status.js"
import type { DeviceId } from "../domain/ids.js"
import { type DeviceError, DeviceTimeout, DeviceUnreachable } from "../errors.js"
import { type HealthRule, notFiring } from "./health-rule.js"

export const UNREACHABLE_CODE = "device.unreachable"

/** The failures that mean "no answer from the device"; other device errors are answers of a kind. */
export const isNoAnswer = (error: unknown): error is DeviceUnreachable | DeviceTimeout =>
  error instanceof DeviceUnreachable || error instanceof DeviceTimeout

/**
 * A failed poll as a stored reading: recording it in the status history is what lets the
 * `device.unreachable` rule count consecutive failures without a table of its own, and what makes a
 * dashboard show the device as unreachable.
 */
export const unreachableStatus = (deviceId: DeviceId, error: DeviceUnreachable | DeviceTimeout, observedAt: string): DeviceStatus => ({
  deviceId,
  observedAt,
  health: "unreachable",
  conditions: [{ code: UNREACHABLE_CODE, severity: "critical", message: error.message, data: { error: error.code } }],
  raw: { format: "text", body: error.message }
})

export const unreachableRule: HealthRule = {
  id: UNREACHABLE_CODE,
  severity: "critical",
  raiseAfter: (t) => t.unreachableRaiseAfter,
  evaluate: ({ status }) => {
    if (status.health !== "unreachable") return notFiring
    const failure = status.conditions.find((c) => c.code === UNREACHABLE_CODE)
    return { firing: true, message: failure?.message ?? "device unreachable", details: { condition: UNREACHABLE_CODE, ...failure?.data } }
  }
}
