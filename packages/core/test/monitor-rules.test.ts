import { describe, expect, it } from "vitest"
import {
  DEFAULT_MONITOR_THRESHOLDS,
  DeviceTimeout,
  DeviceUnreachable,
  HEALTH_RULES,
  type HealthRule,
  InvalidInput,
  type MonitorThresholds,
  type RuleInput,
  resolveThresholds,
  unreachableStatus
} from "../src/index.js"
import { DEVICE, MINUTE, T0, cond, dayFromT0, reading } from "./monitor-support.js"

const rule = (id: string): HealthRule => {
  const found = HEALTH_RULES.find((r) => r.id === id)
  if (!found) throw new Error(`no rule ${id}`)
  return found
}
const fires = (id: string, input: Omit<RuleInput, "thresholds"> & { thresholds?: MonitorThresholds }) =>
  rule(id).evaluate({ thresholds: DEFAULT_MONITOR_THRESHOLDS, ...input })?.firing
const failedPoll = unreachableStatus(DEVICE, new DeviceUnreachable({ reason: "connection refused" }), new Date(T0).toISOString())

describe("health rules", () => {
  it("has one rule per id", () => {
    expect(new Set(HEALTH_RULES.map((r) => r.id)).size).toBe(HEALTH_RULES.length)
  })

  it.each([
    ["case.open", "critical"],
    ["service-mode", "warning"],
    ["training-mode", "warning"],
    ["dgfe.near-full", "warning"],
    ["dgfe.full", "critical"],
    ["dgfe.unusable", "critical"],
    ["mf.near-full", "warning"],
    ["mf.full", "critical"],
    ["printer.offline", "critical"]
  ] as const)("%s fires on its condition only, and says nothing about a failed poll", (id, severity) => {
    expect(rule(id).severity).toBe(severity)
    expect(fires(id, { status: reading([cond(id)]) })).toBe(true)
    expect(fires(id, { status: reading([]) })).toBe(false)
    expect(fires(id, { status: reading([cond("paper.near-end")]) })).toBe(false)
    expect(fires(id, { status: failedPoll })).toBeUndefined()
  })

  it("DGFE near full and full are separate alarms", () => {
    expect(fires("dgfe.near-full", { status: reading([cond("dgfe.full", "critical")]) })).toBe(false)
    expect(fires("dgfe.full", { status: reading([cond("dgfe.near-full")]) })).toBe(false)
  })

  describe.each([
    ["files.pending", "filesPendingAtLeast"],
    ["files.old", "filesOldAtLeast"],
    ["files.rejected", "filesRejectedAtLeast"]
  ] as const)("%s", (id, key) => {
    it("fires from the threshold count up", () => {
      const thresholds = resolveThresholds({ [key]: 3 })
      expect(fires(id, { status: reading([cond(id, "info", { count: 2 })]), thresholds })).toBe(false)
      expect(fires(id, { status: reading([cond(id, "info", { count: 3 })]), thresholds })).toBe(true)
      expect(fires(id, { status: reading([cond(id, "info", { count: 1 })]) })).toBe(true)
      expect(fires(id, { status: reading([]) })).toBe(false)
    })
  })

  describe.each([
    ["certificate.device", "CD"],
    ["certificate.ca", "CA"]
  ] as const)("%s certificate", (prefix, which) => {
    const expiring = (days: number) => cond("certificate.expiring", "warning", { certificate: which, date: dayFromT0(days), daysLeft: days })
    const expired = (days: number) => cond("certificate.expired", "critical", { certificate: which, date: dayFromT0(days) })

    it("is expiring within the warning window, judged from the reported date", () => {
      expect(fires(`${prefix}.expiring`, { status: reading([expiring(30)]) })).toBe(true)
      expect(fires(`${prefix}.expiring`, { status: reading([expiring(0)]) })).toBe(true)
      // A tenant with a narrower window is not warned at 20 days.
      expect(fires(`${prefix}.expiring`, { status: reading([expiring(20)]), thresholds: resolveThresholds({ certificateWarningDays: 14 }) })).toBe(false)
      expect(fires(`${prefix}.expiring`, { status: reading([expiring(14)]), thresholds: resolveThresholds({ certificateWarningDays: 14 }) })).toBe(true)
      expect(fires(`${prefix}.expired`, { status: reading([expiring(5)]) })).toBe(false)
    })

    it("is expired from the day after its date", () => {
      expect(fires(`${prefix}.expired`, { status: reading([expired(-1)]) })).toBe(true)
      expect(fires(`${prefix}.expiring`, { status: reading([expired(-1)]) })).toBe(false)
      // Without a date the device's own verdict stands.
      expect(fires(`${prefix}.expired`, { status: reading([cond("certificate.expired", "critical", { certificate: which })]) })).toBe(true)
    })

    it("ignores the other certificate", () => {
      const other = which === "CD" ? "CA" : "CD"
      expect(fires(`${prefix}.expiring`, { status: reading([cond("certificate.expiring", "warning", { certificate: other, date: dayFromT0(3) })]) })).toBe(false)
    })
  })

  describe("periodic verification", () => {
    const due = (days: number) => cond("periodic-verification.due", days < 0 ? "critical" : "warning", { date: dayFromT0(days), daysLeft: days })
    it("is due within the tenant's window and overdue after its date", () => {
      expect(fires("periodic-verification.due", { status: reading([due(30)]) })).toBe(true)
      expect(fires("periodic-verification.due", { status: reading([due(10)]), thresholds: resolveThresholds({ periodicVerificationWarningDays: 7 }) })).toBe(false)
      expect(fires("periodic-verification.due", { status: reading([due(7)]), thresholds: resolveThresholds({ periodicVerificationWarningDays: 7 }) })).toBe(true)
      expect(fires("periodic-verification.overdue", { status: reading([due(0)]) })).toBe(false)
      expect(fires("periodic-verification.overdue", { status: reading([due(-1)]) })).toBe(true)
      expect(fires("periodic-verification.due", { status: reading([due(-1)]) })).toBe(false)
    })
  })

  describe("day.closure-required", () => {
    const since = new Date(T0).toISOString()
    it("fires when the device reports a pending closure", () => {
      expect(fires("day.closure-required", { status: reading([cond("day.pending-closure")]) })).toBe(true)
    })
    it("fires once the day has been open for dayOpenMaxHours", () => {
      const open = (minutes: number) => reading([], minutes, { dayOpen: true })
      expect(fires("day.closure-required", { status: open(24 * 60 - 1), dayOpenSince: since })).toBe(false)
      expect(fires("day.closure-required", { status: open(24 * 60), dayOpenSince: since })).toBe(true)
      expect(fires("day.closure-required", { status: open(6 * 60), dayOpenSince: since, thresholds: resolveThresholds({ dayOpenMaxHours: 6 }) })).toBe(true)
      expect(fires("day.closure-required", { status: reading([], 30 * 60, { dayOpen: false }), dayOpenSince: since })).toBe(false)
      expect(fires("day.closure-required", { status: open(30 * 60) })).toBe(false)
    })
  })

  describe("device.unreachable", () => {
    it("fires on a failed poll recorded as an unreachable reading, and needs two of them by default", () => {
      expect(fires("device.unreachable", { status: failedPoll })).toBe(true)
      const timeout = unreachableStatus(DEVICE, new DeviceTimeout({ operation: "status", afterMs: 5000 }), new Date(T0 + MINUTE).toISOString())
      expect(timeout).toMatchObject({ health: "unreachable", conditions: [{ code: "device.unreachable", data: { error: "device_timeout" } }] })
      expect(fires("device.unreachable", { status: timeout })).toBe(true)
      expect(fires("device.unreachable", { status: reading([cond("dgfe.full", "critical")]) })).toBe(false)
      expect(rule("device.unreachable").raiseAfter?.(DEFAULT_MONITOR_THRESHOLDS)).toBe(2)
    })
  })
})

describe("thresholds", () => {
  it("merges a tenant's partial override over the defaults", () => {
    expect(resolveThresholds({ certificateWarningDays: 60 })).toEqual({ ...DEFAULT_MONITOR_THRESHOLDS, certificateWarningDays: 60 })
    expect(resolveThresholds()).toEqual(DEFAULT_MONITOR_THRESHOLDS)
  })
  it("rejects bad values naming the field", () => {
    expect(() => resolveThresholds({ clearAfter: 0 })).toThrow(InvalidInput)
    const error = (() => {
      try {
        resolveThresholds({ dayOpenMaxHours: "24", nope: 1 })
      } catch (e) {
        return e as InvalidInput
      }
    })()
    expect(new Set(error?.issues.map((i) => i.path))).toEqual(new Set(["dayOpenMaxHours", "nope"]))
  })
})
