import type { Severity } from "../domain/device-status.js"
import type { DigestDeviceView, DigestSiteView, DigestView } from "./digest-view.js"
import { escapeHtml as e } from "./html-escape.js"

/** Inline styles only: mail clients drop `<style>` blocks and external sheets. */
const COLOUR: Record<Severity, string> = { critical: "#b42318", warning: "#b54708", info: "#175cd3" }

const deviceHtml = (device: DigestDeviceView): string => {
  const rows = device.alarms
    .map(
      (a) =>
        `<tr><td style="padding:2px 8px 2px 0;color:${COLOUR[a.severity]};font-weight:bold;white-space:nowrap">${e(a.severityLabel)}</td>` +
        `<td style="padding:2px 0">${e(a.message)} <span style="color:#667085">(${e(a.type)})</span><br>` +
        `<span style="color:#667085;font-size:12px">${e(a.facts)}</span></td></tr>`
    )
    .join("")
  const detail = device.detail ? `<div style="color:#475467;font-size:12px">${e(device.detail)}</div>` : ""
  return `<div style="margin:12px 0 0 0"><div style="font-weight:bold">${e(device.title)}</div>${detail}<table style="border-collapse:collapse;margin-top:4px">${rows}</table></div>`
}

const siteHtml = (site: DigestSiteView): string =>
  `<div style="margin:20px 0;padding:0 0 0 12px;border-left:4px solid ${COLOUR[site.worst]}">` +
  `<h2 style="font-size:16px;margin:0">${e(site.title)} <span style="font-weight:normal;color:#667085;font-size:13px">${e(site.counts)}</span></h2>` +
  `${site.devices.map(deviceHtml).join("")}</div>`

/** The HTML part. Every piece of user or device text goes through `escapeHtml`. */
export const digestHtml = (view: DigestView): string =>
  `<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>${e(view.subject)}</title></head>` +
  `<body style="font-family:Arial,Helvetica,sans-serif;color:#101828;font-size:14px">` +
  `<h1 style="font-size:20px;margin:0">${e(view.heading)}</h1>` +
  `<div style="color:#475467">${e(view.subheading)}</div>` +
  `<div style="color:#475467;font-size:12px">${e(view.generated)}</div>` +
  `<p style="font-size:15px"><strong>${e(view.summary)}</strong></p>` +
  view.sites.map(siteHtml).join("") +
  `<hr style="border:none;border-top:1px solid #eaecf0"><p style="color:#667085;font-size:12px">${e(view.footer)}</p>` +
  `</body></html>`
