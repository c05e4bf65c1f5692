import { describe, expect, it } from "vitest"
import {
  type Alarm,
  type AlarmId,
  CENSUS_ALARMS,
  DEFAULT_MONITOR_THRESHOLDS,
  type StoredDistributionList,
  type DistributionListId,
  InvalidInput,
  type TenantId,
  censusExpired,
  censusNotices,
  missingDevices,
  patchDistributionList,
  unknownDeviceKey
} from "../src/index.js"
import { MINUTE, T0, reading } from "./monitor-support.js"

const failed = (minutes: number) => reading([], minutes, { health: "unreachable" })
const types = (notices: ReturnType<typeof censusNotices>) => notices.map((n) => n.type)

describe("census notices", () => {
  it("a device's first answered reading is new; not when older history may exist, nor a failed poll", () => {
    expect(types(censusNotices([reading([], 0)], true))).toEqual([CENSUS_ALARMS.newDevice])
    expect(types(censusNotices([reading([], 0)], false))).toEqual([])
    expect(types(censusNotices([failed(0)], true))).toEqual([])
    // Failed polls before the first answer do not count.
    expect(types(censusNotices([reading([], 2), failed(1), failed(0)], true))).toEqual([CENSUS_ALARMS.newDevice])
    expect(types(censusNotices([reading([], 1), reading([], 0)], true))).toEqual([])
  })

  it("compares serial and firmware of the two newest answered readings, only when both report them", () => {
    const changed = censusNotices([reading([], 2, { firmware: "6.02", serial: "99MEY2" }), failed(1), reading([], 0, { firmware: "6.01", serial: "99MEY1" })], false)
    expect(changed).toEqual([
      expect.objectContaining({ type: CENSUS_ALARMS.serialChanged, severity: "warning", details: { from: "99MEY1", to: "99MEY2" } }),
      expect.objectContaining({ type: CENSUS_ALARMS.firmwareChanged, severity: "info", details: { from: "6.01", to: "6.02" } })
    ])
    expect(censusNotices([reading([], 1, { firmware: "6.02" }), reading([], 0, { firmware: "6.02" })], false)).toEqual([])
    expect(censusNotices([reading([], 1), reading([], 0, { firmware: "6.01" })], false)).toEqual([])
    expect(censusNotices([failed(1), reading([], 0, { firmware: "6.01" })], false)).toEqual([])
  })

  it("names an unknown device by its matricola, whatever the case", () => {
    expect(unknownDeviceKey(" 99mey000123 ")).toBe(unknownDeviceKey("99MEY000123"))
  })
})

describe("census expiry and missing devices", () => {
  const alarm = (type: string, state: Alarm["state"], lastSeenAt: string): Alarm => ({
    id: "alm_1" as AlarmId,
    tenantId: "ten_1" as TenantId,
    livemode: false,
    type,
    severity: "info",
    dedupeKey: `dev_1:${type}`,
    state,
    message: "",
    details: {},
    occurrences: 1,
    raisedAt: lastSeenAt,
    lastSeenAt
  })
  const now = new Date(T0)
  const daysAgo = (days: number) => new Date(T0 - days * 86_400_000).toISOString()

  it("clears notices once acknowledged or after censusClearAfterDays, never health alarms", () => {
    const t = { ...DEFAULT_MONITOR_THRESHOLDS, censusClearAfterDays: 7 }
    expect(censusExpired(alarm(CENSUS_ALARMS.firmwareChanged, "raised", daysAgo(6)), now, t)).toBe(false)
    expect(censusExpired(alarm(CENSUS_ALARMS.firmwareChanged, "raised", daysAgo(7)), now, t)).toBe(true)
    expect(censusExpired(alarm(CENSUS_ALARMS.newDevice, "acknowledged", daysAgo(0)), now, t)).toBe(true)
    expect(censusExpired(alarm("dgfe.full", "acknowledged", daysAgo(30)), now, t)).toBe(false)
    expect(censusExpired(alarm(CENSUS_ALARMS.missing, "acknowledged", daysAgo(30)), now, t)).toBe(false)
  })

  it("finds devices silent for missingDeviceHours while another reported within them", () => {
    const t = { ...DEFAULT_MONITOR_THRESHOLDS, missingDeviceHours: 24 }
    const hoursAgo = (h: number) => new Date(T0 - h * 60 * MINUTE).toISOString()
    const sightings = [
      { deviceId: "dev_quiet", registeredAt: hoursAgo(100), lastReadingAt: hoursAgo(25) },
      { deviceId: "dev_never", registeredAt: hoursAgo(30) },
      { deviceId: "dev_young", registeredAt: hoursAgo(2) },
      { deviceId: "dev_busy", registeredAt: hoursAgo(100), lastReadingAt: hoursAgo(1) }
    ]
    expect([...(missingDevices(sightings, now, t) ?? [])].sort()).toEqual(["dev_never", "dev_quiet"])
    expect(missingDevices(sightings.slice(0, 3), now, t)).toBeUndefined()
  })
})

describe("patching a stored distribution list", () => {
  const list: StoredDistributionList = {
    id: "dl_1" as DistributionListId,
    tenantId: "ten_1" as TenantId,
    livemode: false,
    name: "IT",
    recipients: [],
    roles: ["admin"],
    functions: [],
    schedule: { cron: "0 8 * * *", timezone: "Europe/Rome" },
    filters: { states: ["raised"] },
    sendWhenEmpty: false,
    createdAt: "2030-01-01T00:00:00.000Z",
    updatedAt: "2030-01-01T00:00:00.000Z"
  }

  it("merges the fields given and keeps the others", () => {
    const patched = patchDistributionList(list, { functions: ["it"], roles: [], schedule: { cron: "*/30 * * * *", timezone: "UTC" } }, "2030-01-02T00:00:00.000Z")
    expect(patched).toEqual({ ...list, functions: ["it"], roles: [], schedule: { cron: "*/30 * * * *", timezone: "UTC" }, updatedAt: "2030-01-02T00:00:00.000Z" })
  })

  it("refuses a patch that leaves nobody, or bad fields, naming them", () => {
    const issues = (patch: unknown) => {
      try {
        patchDistributionList(list, patch, list.updatedAt)
      } catch (error) {
        if (error instanceof InvalidInput) return error.issues.map((i) => i.path)
        throw error
      }
      return []
    }
    expect(issues({ roles: [] })).toEqual(["recipients"])
    expect(issues({ schedule: { cron: "0 25 * * *", timezone: "UTC" }, sendWhenEmpty: "yes" })).toEqual(["schedule.cron", "sendWhenEmpty"])
    expect(issues({ id: "dl_2" })).toEqual(["id"])
  })
})
