import type { Alarm } from "../domain/alarm.js"
import type { Device } from "../domain/device.js"
import type { Severity } from "../domain/device-status.js"
import type { Site } from "../domain/site.js"

/** Worst first. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 }

/** The alarms of one device; `device` is absent for alarms raised on a site as a whole, or for a device since deleted. */
export interface DigestDevice {
  readonly deviceId?: string
  readonly device?: Device
  readonly worst: Severity
  readonly alarms: ReadonlyArray<Alarm>
}

export interface DigestSite {
  readonly siteId?: string
  readonly site?: Site
  readonly worst: Severity
  readonly alarmCount: number
  readonly deviceCount: number
  readonly devices: ReadonlyArray<DigestDevice>
}

/** The alarms of a digest arranged for reading: by site, then device, the worst trouble first. */
export interface AlarmDigest {
  readonly sites: ReadonlyArray<DigestSite>
  readonly alarmCount: number
  readonly deviceCount: number
  readonly bySeverity: Record<Severity, number>
}

const bySeverityThenAge = (a: Alarm, b: Alarm) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.raisedAt.localeCompare(b.raisedAt)

const worstOf = (severities: ReadonlyArray<Severity>): Severity =>
  severities.reduce<Severity>((worst, s) => (SEVERITY_RANK[s] < SEVERITY_RANK[worst] ? s : worst), "info")

/** Worst severity first, then more alarms first, then by label so the order is stable. */
const byTrouble =
  <T extends { readonly worst: Severity }>(count: (t: T) => number, label: (t: T) => string) =>
  (a: T, b: T) =>
    SEVERITY_RANK[a.worst] - SEVERITY_RANK[b.worst] || count(b) - count(a) || label(a).localeCompare(label(b), "it")

const groupBy = <K, V>(items: ReadonlyArray<V>, key: (v: V) => K): Map<K, Array<V>> => {
  const groups = new Map<K, Array<V>>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return groups
}

export const groupAlarms = (alarms: ReadonlyArray<Alarm>, devices: ReadonlyArray<Device>, sites: ReadonlyArray<Site>): AlarmDigest => {
  const deviceById = new Map(devices.map((d) => [d.id as string, d]))
  const siteById = new Map(sites.map((s) => [s.id as string, s]))
  const siteOf = (alarm: Alarm): string | undefined =>
    alarm.siteId ?? (alarm.deviceId === undefined ? undefined : deviceById.get(alarm.deviceId)?.siteId)

  const siteGroups = [...groupBy(alarms, siteOf)].map(([siteId, siteAlarms]): DigestSite => {
    const deviceGroups = [...groupBy(siteAlarms, (a) => a.deviceId as string | undefined)]
      .map(([deviceId, deviceAlarms]): DigestDevice => ({
        ...(deviceId === undefined ? {} : { deviceId }),
        ...(deviceId !== undefined && deviceById.has(deviceId) ? { device: deviceById.get(deviceId) as Device } : {}),
        worst: worstOf(deviceAlarms.map((a) => a.severity)),
        alarms: [...deviceAlarms].sort(bySeverityThenAge)
      }))
      .sort(byTrouble((d) => d.alarms.length, (d) => d.device?.name ?? d.deviceId ?? ""))
    const site = siteId === undefined ? undefined : siteById.get(siteId)
    return {
      ...(siteId === undefined ? {} : { siteId }),
      ...(site === undefined ? {} : { site }),
      worst: worstOf(deviceGroups.map((d) => d.worst)),
      alarmCount: siteAlarms.length,
      deviceCount: deviceGroups.filter((d) => d.deviceId !== undefined).length,
      devices: deviceGroups
    }
  })

  const count = (severity: Severity) => alarms.filter((a) => a.severity === severity).length
  return {
    sites: siteGroups.sort(byTrouble((s) => s.alarmCount, (s) => s.site?.name ?? s.siteId ?? "")),
    alarmCount: alarms.length,
    deviceCount: siteGroups.reduce((n, s) => n + s.deviceCount, 0),
    bySeverity: { critical: count("critical"), warning: count("warning"), info: count("info") }
  }
}
