import type { DigestView } from "./digest-view.js"

/** The plain-text part: readable in any client and in a terminal. */
export const digestText = (view: DigestView): string => {
  const lines = [view.heading, view.subheading, view.generated, "", view.summary]
  for (const site of view.sites) {
    lines.push("", `== ${site.title} · ${site.counts} ==`)
    for (const device of site.devices) {
      lines.push("", `* ${device.title}${device.detail ? ` · ${device.detail}` : ""}`)
      for (const alarm of device.alarms) lines.push(`  - [${alarm.severityLabel}] ${alarm.message} (${alarm.type}) · ${alarm.facts}`)
    }
  }
  lines.push("", "--", view.footer)
  return `${lines.join("\n")}\n`
}
