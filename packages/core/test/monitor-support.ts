import type { Condition, DeviceId, DeviceStatus, Severity } from "../src/index.js"

export const DEVICE = "dev_monitor_test" as DeviceId
export const T0 = Date.parse("2025-03-10T09:00:00Z")
export const MINUTE = 60_000

export const cond = (code: string, severity: Severity = "warning", data?: Record<string, unknown>): Condition => ({
  code,
  severity,
  message: `${code} reported`,
  ...(data ? { data } : {})
})

/** A reading `minutes` after T0 carrying `conditions`. */
export const reading = (conditions: ReadonlyArray<Condition>, minutes = 0, extra: Partial<DeviceStatus> = {}): DeviceStatus => ({
  deviceId: DEVICE,
  observedAt: new Date(T0 + minutes * MINUTE).toISOString(),
  health: "ok",
  conditions,
  raw: { format: "json", body: "{}" },
  ...extra
})

/** Calendar date `days` after T0's day. */
export const dayFromT0 = (days: number): string => new Date(T0 + days * 86_400_000).toISOString().slice(0, 10)
