import { OPERATOR } from "./receipt.js"
import { element, soapEnvelope } from "./xml.js"

/** Fiscal reports: X (read), Z (daily closure, starts the AdE transmission), X then Z. */
export type FiscalReport = "x" | "z" | "xz"
const REPORT_ELEMENTS: Record<FiscalReport, string> = { x: "printXReport", z: "printZReport", xz: "printXZReport" }

export const fiscalReportRequest = (report: FiscalReport): string =>
  soapEnvelope(`<printerFiscalReport>${element(REPORT_ELEMENTS[report], [["operator", OPERATOR]])}</printerFiscalReport>`)

/** `queryPrinterStatus`: statusType 0 is the fiscal board (firmware, memories), 1 the RT state. */
export const queryPrinterStatusRequest = (statusType: 0 | 1): string =>
  soapEnvelope(`<printerCommand>${element("queryPrinterStatus", [["operator", OPERATOR], ["statusType", statusType]])}</printerCommand>`)

/** A native command (`directIO`): four-digit command number and its fixed-width data string. */
export const directIORequest = (command: number, data: string): string =>
  soapEnvelope(`<printerCommand>${element("directIO", [["command", String(command).padStart(4, "0")], ["data", data]])}</printerCommand>`)
