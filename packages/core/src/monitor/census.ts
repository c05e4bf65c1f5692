import type { Alarm } from "../domain/alarm.js"
import type { Severity } from "../domain/device-status.js"
import type { DeviceStatus } from "../domain/device-status.js"
import type { MonitorThresholds } from "./thresholds.js"

/**
 * Fleet census: which devices exist and whether they are the ones registered. Unlike the health
 * rules, census alarms are notices about an event (a device appeared, its firmware changed), so
 * they do not clear when a reading looks healthy: they clear once acknowledged or after
 * `censusClearAfterDays`. `device.missing` clears when the device reports again, `device.unknown`
 * when a device with that matricola is registered and reports.
 */
export const CENSUS_ALARMS = {
  /** The first reading ever received from a registered device. */
  newDevice: "device.new",
  /** A registered device silent for `missingDeviceHours` while the tenant's other devices report. */
  missing: "device.missing",
  /** A reading or a file arrived for a matricola no device of the tenant is registered with. */
  unknown: "device.unknown",
  /** The device answers with another matricola (serial) than its previous reading: the board was swapped. */
  serialChanged: "device.serial-changed",
  /** The firmware release differs from the previous reading's: an update was installed. */
  firmwareChanged: "device.firmware-changed"
} as const

/** Census notices that expire (see `censusExpired`). */
export const CENSUS_NOTICES: ReadonlyArray<string> = [CENSUS_ALARMS.newDevice, CENSUS_ALARMS.serialChanged, CENSUS_ALARMS.firmwareChanged]

/** The dedupe key of an unknown device: it has no device id, so its matricola names it. */
export const unknownDeviceKey = (matricola: string): string => `unknown:${matricola.trim().toUpperCase()}`

export interface CensusNotice {
  readonly type: string
  readonly severity: Severity
  readonly message: string
  readonly details: Record<string, unknown>
}

const answered = (readings: ReadonlyArray<DeviceStatus>) => readings.filter((r) => r.health !== "unreachable")

/** Whether the newest reading is the first the device ever answered (failed polls before it do not count). */
export const isFirstReading = (readings: ReadonlyArray<DeviceStatus>, complete: boolean): boolean =>
  complete && readings[0] !== undefined && readings[0].health !== "unreachable" && answered(readings).length === 1

/**
 * The census notices a new reading gives rise to. `readings` is the device's recent history, newest
 * first, the first being the reading just recorded; `complete` says it is the whole history (so a
 * single answered reading is the device's first). Changes compare the two newest answered readings, and only
 * values both report: a reading without firmware says nothing about it.
 */
export const censusNotices = (readings: ReadonlyArray<DeviceStatus>, complete: boolean): ReadonlyArray<CensusNotice> => {
  const notices: CensusNotice[] = []
  const newest = readings[0]
  if (!newest) return notices
  if (isFirstReading(readings, complete)) {
    notices.push({ type: CENSUS_ALARMS.newDevice, severity: "info", message: "first reading from a newly registered device", details: { firstSeenAt: newest.observedAt } })
  }
  if (newest.health === "unreachable") return notices
  const [current, previous] = answered(readings)
  if (!current || !previous) return notices
  if (current.serial !== undefined && previous.serial !== undefined && current.serial !== previous.serial) {
    notices.push({
      type: CENSUS_ALARMS.serialChanged,
      severity: "warning",
      message: `the device now answers with matricola ${current.serial} (was ${previous.serial})`,
      details: { from: previous.serial, to: current.serial }
    })
  }
  if (current.firmware !== undefined && previous.firmware !== undefined && current.firmware !== previous.firmware) {
    notices.push({
      type: CENSUS_ALARMS.firmwareChanged,
      severity: "info",
      message: `firmware changed from ${previous.firmware} to ${current.firmware}`,
      details: { from: previous.firmware, to: current.firmware }
    })
  }
  return notices
}

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

/** Whether an open census notice should now clear: acknowledged, or last seen `censusClearAfterDays` ago. */
export const censusExpired = (alarm: Alarm, now: Date, thresholds: MonitorThresholds): boolean =>
  CENSUS_NOTICES.includes(alarm.type) &&
  (alarm.state === "acknowledged" || now.getTime() - Date.parse(alarm.lastSeenAt) >= thresholds.censusClearAfterDays * DAY_MS)

/** A registered device and when it last reported (its registration time when it never did). */
export interface DeviceSighting {
  readonly deviceId: string
  readonly registeredAt: string
  readonly lastReadingAt?: string
}

/**
 * Which devices are missing now: silent for `missingDeviceHours` while at least one other device of
 * the same tenant reported within that window. When every device is silent the fault is more likely
 * the network or the agent than each device, so nothing is judged (`undefined`: leave alarms as they are).
 */
export const missingDevices = (sightings: ReadonlyArray<DeviceSighting>, now: Date, thresholds: MonitorThresholds): ReadonlySet<string> | undefined => {
  const since = now.getTime() - thresholds.missingDeviceHours * HOUR_MS
  const lastOf = (s: DeviceSighting) => Date.parse(s.lastReadingAt ?? s.registeredAt)
  const reporting = sightings.filter((s) => s.lastReadingAt !== undefined && lastOf(s) > since)
  if (reporting.length === 0) return undefined
  return new Set(sightings.filter((s) => lastOf(s) <= since).map((s) => s.deviceId))
}
