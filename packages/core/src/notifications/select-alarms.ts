import type { Alarm } from "../domain/alarm.js"
import type { Device } from "../domain/device.js"
import { DEFAULT_DIGEST_STATES, type DigestFilters } from "./distribution-list.js"

/**
 * The alarms a list's filters let through. An alarm that names no site counts for the site of its
 * device (most device alarms only name the device), so pass the devices when filtering by site.
 */
export const selectAlarms = (
  alarms: ReadonlyArray<Alarm>,
  filters: Partial<DigestFilters>,
  devices: ReadonlyArray<Pick<Device, "id" | "siteId">> = []
): ReadonlyArray<Alarm> => {
  const states = filters.states ?? DEFAULT_DIGEST_STATES
  const siteOfDevice = new Map(devices.map((d) => [d.id as string, d.siteId as string]))
  const siteOf = (alarm: Alarm) => alarm.siteId ?? (alarm.deviceId === undefined ? undefined : siteOfDevice.get(alarm.deviceId))
  return alarms.filter((alarm) => {
    if (!states.includes(alarm.state)) return false
    if (filters.severities && !filters.severities.includes(alarm.severity)) return false
    if (filters.alarmTypes && !filters.alarmTypes.includes(alarm.type)) return false
    if (filters.siteIds) {
      const site = siteOf(alarm)
      if (site === undefined || !filters.siteIds.some((id) => id === site)) return false
    }
    return true
  })
}
