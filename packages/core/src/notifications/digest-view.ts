import type { AlarmState } from "../domain/alarm.js"
import type { Severity } from "../domain/device-status.js"
import type { AlarmDigest, DigestDevice, DigestSite } from "./alarm-digest.js"
import { formatInZone } from "./format-date.js"

/**
 * The wording of a digest, decided once for both the text and the HTML part so they always say the
 * same. Italian first (the people reading are Italian shop and office staff), with the English
 * heading for support staff. Strings here are raw; the HTML renderer escapes them.
 */
export interface DigestAlarmView {
  readonly severity: Severity
  readonly severityLabel: string
  readonly message: string
  readonly type: string
  readonly facts: string
}

export interface DigestDeviceView {
  readonly title: string
  readonly detail?: string
  readonly alarms: ReadonlyArray<DigestAlarmView>
}

export interface DigestSiteView {
  readonly title: string
  readonly counts: string
  readonly worst: Severity
  readonly devices: ReadonlyArray<DigestDeviceView>
}

export interface DigestView {
  readonly subject: string
  readonly heading: string
  readonly subheading: string
  readonly generated: string
  readonly summary: string
  readonly sites: ReadonlyArray<DigestSiteView>
  readonly footer: string
}

export const SEVERITY_LABEL: Record<Severity, string> = { critical: "CRITICO", warning: "AVVISO", info: "INFO" }
const STATE_LABEL: Record<AlarmState, string> = { raised: "aperto", acknowledged: "preso in carico", cleared: "risolto" }

const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** One line of text: a tenant or list name must not break a mail header or a heading. */
const oneLine = (text: string) => text.replace(/[\r\n\t]+/g, " ").trim()

const severityBreakdown = (bySeverity: AlarmDigest["bySeverity"]): string =>
  [
    bySeverity.critical ? counted(bySeverity.critical, "critico", "critici") : "",
    bySeverity.warning ? counted(bySeverity.warning, "avviso", "avvisi") : "",
    bySeverity.info ? `${bySeverity.info} info` : ""
  ]
    .filter((s) => s !== "")
    .join(", ")

const siteTitle = (group: DigestSite): string => {
  if (group.site) return group.site.externalRef ? `${group.site.name} (${group.site.externalRef})` : group.site.name
  return group.siteId === undefined ? "Senza sede" : `Sede ${group.siteId}`
}

const deviceView = (group: DigestDevice, timezone: string): DigestDeviceView => {
  const { device } = group
  const title = device
    ? (device.name ?? `${device.vendor} ${device.model}`)
    : group.deviceId === undefined
      ? "Allarmi della sede"
      : `Dispositivo ${group.deviceId} (non più registrato)`
  const detail = device ? `${device.name ? `${device.vendor} ${device.model} · ` : ""}matricola ${device.serial}` : undefined
  const alarms = group.alarms.map((alarm) => ({
    severity: alarm.severity,
    severityLabel: SEVERITY_LABEL[alarm.severity],
    message: alarm.message,
    type: alarm.type,
    facts: [
      `dal ${formatInZone(alarm.raisedAt, timezone)}`,
      alarm.occurrences > 1 ? `${alarm.occurrences} volte, ultima ${formatInZone(alarm.lastSeenAt, timezone)}` : "",
      STATE_LABEL[alarm.state]
    ]
      .filter((s) => s !== "")
      .join(" · ")
  }))
  return detail === undefined ? { title, alarms } : { title, detail, alarms }
}

export interface DigestViewInput {
  readonly tenantName: string
  readonly listName: string
  readonly generatedAt: string | Date
  readonly timezone: string
}

export const digestView = (digest: AlarmDigest, input: DigestViewInput): DigestView => {
  const tenant = oneLine(input.tenantName)
  const devicesInAlarm = counted(digest.deviceCount, "dispositivo in allarme", "dispositivi in allarme")
  const breakdown = severityBreakdown(digest.bySeverity)
  const empty = digest.alarmCount === 0
  return {
    subject: empty
      ? `[Fisco] ${tenant}: nessun dispositivo in allarme`
      : `[Fisco] ${tenant}: ${devicesInAlarm}, ${counted(digest.alarmCount, "allarme", "allarmi")} (${breakdown})`,
    heading: `MailAlert · ${tenant}`,
    subheading: "Riepilogo dispositivi in allarme · Devices in alarm digest",
    generated: `Generato il ${formatInZone(input.generatedAt, input.timezone)} (${input.timezone}) per la lista «${oneLine(input.listName)}»`,
    summary: empty
      ? "Nessun dispositivo in allarme: tutto regolare. · No devices in alarm."
      : `${devicesInAlarm}, ${counted(digest.alarmCount, "allarme", "allarmi")}: ${breakdown}.`,
    sites: digest.sites.map((group) => ({
      title: siteTitle(group),
      counts: `${counted(group.deviceCount, "dispositivo", "dispositivi")}, ${counted(group.alarmCount, "allarme", "allarmi")}`,
      worst: group.worst,
      devices: group.devices.map((d) => deviceView(d, input.timezone))
    })),
    footer: `Ricevi questa email perché sei nella lista di distribuzione «${oneLine(input.listName)}» di ${tenant}.`
  }
}
