/** Reply shapes as research §1.3–1.5 describes them (SOAP envelope with a `soapenv` prefix, addInfo children). */
export const envelope = (response: string, prefix = "soapenv") =>
  `<?xml version="1.0" encoding="utf-8"?>\n<${prefix}:Envelope xmlns:${prefix}="http://schemas.xmlsoap.org/soap/envelope/"><${prefix}:Body>${response}</${prefix}:Body></${prefix}:Envelope>`

export const response = (attributes: { success: boolean; code?: string; status?: string | number }, info: Record<string, string> = {}) =>
  `<response success="${attributes.success}" code="${attributes.code ?? ""}" status="${attributes.status ?? 2}"><addInfo><elementList>${Object.keys(info).join(",")}</elementList>${Object.entries(
    info
  )
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join("")}</addInfo></response>`

/** The Epson dev-guide example receipt reply (fiscalReceiptNumber 500, 210,56, 10/4/2006). */
export const receiptReply = envelope(
  response(
    { success: true, status: 2 },
    { lastCommand: "74", printerStatus: "20110", fiscalReceiptNumber: "500", fiscalReceiptAmount: "210,56", fiscalReceiptDate: "10/4/2006", fiscalReceiptTime: "11:35", zRepNumber: "35" }
  )
)

/** fiskaltrust's "basic" status sample, inside an envelope. */
export const boardStatusReply = envelope(`<response success="true" code="" status="x">
    <addInfo>
        <elementList>lastCommand,printerStatus</elementList>
        <lastCommand>74</lastCommand>
        <cpuRel>07.00</cpuRel>
        <mfRel>04.3</mfRel>
        <mfStatus>0</mfStatus>
        <fpStatus>00110</fpStatus>
    </addInfo>
</response>`)

export const rtStateInfo = {
  lastCommand: "138",
  rtType: "I",
  rtMainStatus: "02",
  rtSubStatus: "08",
  rtDailyOpen: "1",
  rtNoWorkingPeriod: "0",
  rtFileToSend: "0",
  rtOldFileToSend: "0",
  rtFileRejected: "0",
  rtExpiryCD: "20281231",
  rtExpiryCA: "20290630",
  rtTrainingMode: "0",
  rtUpgradeResult: "0"
}

/** A 1387 answer: OP, total, VAT, DDMMYY, HHMMSS, Z, doc, serial, lottery flag + code, fiscal flag, spare. */
export const lastDocumentData = (o: { total: number; z: number; document: number; date?: string; time?: string; serial?: string; lottery?: string }) =>
  `01${String(o.total).padStart(9, "0")}${"000000088"}${o.date ?? "241126"}${o.time ?? "101500"}${String(o.z).padStart(4, "0")}${String(o.document).padStart(4, "0")}${(
    o.serial ?? "99IEB004001"
  ).padEnd(11)}${o.lottery === undefined ? "0        " : `1${o.lottery.padEnd(8)}`}1${" ".repeat(32)}`

/** A 1138 answer: OP, type, main, sub, open, pending, to send, old, rejected, CD, CA, build, DGFE FS, training, upgrade, archived, out of service, restore, spare. */
export const rtStatusData = (o: { filesRejected?: number; expiryCD?: string; outOfService?: boolean; training?: boolean } = {}) =>
  `01I0208${"1"}${"0"}0003${"0000"}${String(o.filesRejected ?? 0).padStart(4, "0")}${o.expiryCD ?? "311228"}${"300629"}1234${"0"}${o.training ? 1 : 0}0${"0000"}${o.outOfService ? 1 : 0}0 `
