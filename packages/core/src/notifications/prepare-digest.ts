import type { Alarm } from "../domain/alarm.js"
import type { Device } from "../domain/device.js"
import type { Site } from "../domain/site.js"
import type { DistributionList } from "./distribution-list.js"
import type { MailMessage } from "./mailer.js"
import { type DirectoryUser, resolveRecipients } from "./recipients.js"
import { renderAlarmDigest } from "./render-digest.js"
import { selectAlarms } from "./select-alarms.js"

/** Everything a list's digest is made from, as read from the store at send time. */
export interface DigestSource {
  readonly tenantName: string
  readonly generatedAt: string | Date
  /** All current alarms of the tenant scope; the list's filters pick among them. */
  readonly alarms: ReadonlyArray<Alarm>
  readonly devices: ReadonlyArray<Device>
  readonly sites: ReadonlyArray<Site>
  readonly users: ReadonlyArray<DirectoryUser>
}

/** Why no mail goes out: nothing in alarm (and the list does not `sendWhenEmpty`), or nobody to send to. */
export type DigestSkip = "empty" | "no-recipients"

export type PreparedDigest =
  | { readonly message: MailMessage; readonly alarmCount: number }
  | { readonly skipped: DigestSkip }

/** Select → render → resolve: the message a list's digest would send now, or why none is due. */
export const prepareDigest = (list: DistributionList, source: DigestSource): PreparedDigest => {
  const alarms = selectAlarms(source.alarms, list.filters, source.devices)
  if (alarms.length === 0 && !list.sendWhenEmpty) return { skipped: "empty" }
  const to = resolveRecipients(list, source.users)
  if (to.length === 0) return { skipped: "no-recipients" }
  const rendered = renderAlarmDigest({ ...source, alarms, timezone: list.schedule.timezone, list })
  return { message: { to, ...rendered }, alarmCount: alarms.length }
}
