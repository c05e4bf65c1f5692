import type { Alarm } from "../domain/alarm.js"
import type { Device } from "../domain/device.js"
import type { Site } from "../domain/site.js"
import { groupAlarms } from "./alarm-digest.js"
import { digestHtml } from "./digest-html.js"
import { digestText } from "./digest-text.js"
import { digestView } from "./digest-view.js"
import type { DistributionList } from "./distribution-list.js"

export interface AlarmDigestInput {
  readonly tenantName: string
  readonly generatedAt: string | Date
  /** IANA zone the dates are written in; normally the list's schedule zone. */
  readonly timezone: string
  /** The alarms to report, already selected (see `selectAlarms`). */
  readonly alarms: ReadonlyArray<Alarm>
  /** Devices and sites the alarms refer to; missing ones are shown by id. */
  readonly devices: ReadonlyArray<Device>
  readonly sites: ReadonlyArray<Site>
  readonly list: Pick<DistributionList, "name">
}

export interface RenderedDigest {
  readonly subject: string
  readonly text: string
  readonly html: string
}

/** Renders the MailAlert digest: alarms grouped by site and device, worst first, as text and HTML. */
export const renderAlarmDigest = (input: AlarmDigestInput): RenderedDigest => {
  const view = digestView(groupAlarms(input.alarms, input.devices, input.sites), {
    tenantName: input.tenantName,
    listName: input.list.name,
    generatedAt: input.generatedAt,
    timezone: input.timezone
  })
  return { subject: view.subject, text: digestText(view), html: digestHtml(view) }
}
