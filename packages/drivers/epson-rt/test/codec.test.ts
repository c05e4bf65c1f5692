import { Either } from "effect"
import { describe, expect, it } from "vitest"
import {
  DEFAULT_DEPARTMENTS,
  decodeBoardStatus,
  decodeClosure,
  decodeCounters,
  decodeLastDocument,
  decodePeriodicVerification,
  decodePrintedDocument,
  decodeRefundVoidCheck,
  decodeRtState,
  decodeRtStatus,
  decodeSerialNumber,
  decodeZTransmission,
  directIORequest,
  fiscalReceiptRequest,
  fiscalReportRequest,
  formatAmount,
  formatQuantity,
  parseAmount,
  parseReply,
  queryPrinterStatusRequest,
  refundSteps,
  refundVoidCheckData,
  replyError,
  saleSteps,
  voidSteps
} from "../src/index.js"
import { boardStatusReply, envelope, lastDocumentData, receiptReply, response, rtStateInfo, rtStatusData } from "./fixtures.js"

const right = <A>(result: Either.Either<A, unknown>): A => {
  if (Either.isLeft(result)) throw new Error(`expected success, got ${String(result.left)}`)
  return result.right
}
const left = (result: Either.Either<unknown, { _tag: string; message: string }>) => {
  if (Either.isRight(result)) throw new Error(`expected a failure, got ${JSON.stringify(result.right)}`)
  return result.left
}
const coffee = { description: "Caffè", quantityMilli: 2000, unitPrice: 120, amount: 240, vat: { _tag: "rate" as const, basisPoints: 1000 } }

describe("parseReply", () => {
  it("reads success, code, status and every addInfo child", () => {
    const reply = right(parseReply(receiptReply))
    expect(reply).toMatchObject({ success: true, code: "", status: 2 })
    expect(reply.addInfo).toMatchObject({ fiscalReceiptNumber: "500", fiscalReceiptAmount: "210,56", zRepNumber: "35" })
  })

  it("finds the SOAP elements by namespace whatever their prefix, and refuses a look-alike prefix in another namespace", () => {
    expect(right(parseReply(envelope(response({ success: true }), "s"))).success).toBe(true)
    const impostor = `<soapenv:Envelope xmlns:soapenv="urn:not-soap"><soapenv:Body>${response({ success: true })}</soapenv:Body></soapenv:Envelope>`
    expect(left(parseReply(impostor))._tag).toBe("DeviceProtocolError")
  })

  it("reads addInfo children that elementList does not name (queryPrinterStatus)", () => {
    expect(right(parseReply(boardStatusReply)).addInfo).toMatchObject({ cpuRel: "07.00", mfStatus: "0", fpStatus: "00110" })
  })

  it("keeps the spaces of directIO responseData, which are fixed-width data", () => {
    const reply = right(parseReply(envelope(response({ success: true }, { responseCommand: "1387", responseData: "  01 X  " }))))
    expect(reply.addInfo.responseData).toBe("  01 X  ")
  })

  it("turns non-XML, HTML and a response without success into DeviceProtocolError", () => {
    for (const body of ["", "<html><body>502</body></html>", "not xml at all", envelope("<response code='x'/>"), "<a><b></a>"]) {
      expect(left(parseReply(body))._tag).toBe("DeviceProtocolError")
    }
  })
})

describe("request builders", () => {
  it("write a sale: items, discount adjustment, customer tax id, lottery, subtotal, payments by type and index", () => {
    const discounted = { description: "Pane <integrale> & \"bio\" con una descrizione molto lunga", quantityMilli: 500, unitPrice: 400, amount: 150, vat: { _tag: "rate" as const, basisPoints: 400 } }
    const xml = fiscalReceiptRequest(
      right(
        saleSteps({
          lines: [coffee, discounted],
          payments: [
            { method: "cash", amount: 200 },
            { method: "card", amount: 190 }
          ],
          customerTaxId: "rssmra80a01h501u",
          lotteryCode: "AbC12345"
        })
      )
    )
    expect(xml).toContain('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><printerFiscalReceipt><beginFiscalReceipt operator="1" />')
    expect(xml).toContain('<printRecItem operator="1" description="Caffè" quantity="2" unitPrice="1,20" department="2" justification="1" />')
    // Cut to 38 characters first, then escaped.
    expect(xml).toContain('description="Pane &lt;integrale&gt; &amp; &quot;bio&quot; con una descr" quantity="0,500" unitPrice="4,00" department="3"')
    expect(xml).toContain('<printRecItemAdjustment operator="1" adjustmentType="0" description="SCONTO" amount="0,50" department="3" justification="1" />')
    expect(xml).toContain('<directIO command="1061" data="01RSSMRA80A01H501U" />')
    expect(xml).toContain('<printRecLotteryID operator="1" code="AbC12345" />')
    expect(xml).toContain('paymentType="0" index="0"')
    expect(xml).toContain('<printRecTotal operator="1" description="PAGAMENTO ELETTRONICO" payment="1,90" paymentType="2" index="1" justification="1" />')
    expect(xml.indexOf("printRecSubtotal ")).toBeLessThan(xml.indexOf("printRecTotal"))
    expect(xml).toMatch(/<endFiscalReceipt operator="1" \/><\/printerFiscalReceipt><\/s:Body><\/s:Envelope>$/)
  })

  it("uses directIO 1060 for a partita IVA and honours a payment's own index", () => {
    const xml = fiscalReceiptRequest(right(saleSteps({ lines: [coffee], payments: [{ method: "ticket", index: 4, amount: 240 }], customerTaxId: "01234567890" })))
    expect(xml).toContain('<directIO command="1060" data="0101234567890" />')
    expect(xml).toContain('paymentType="3" index="4"')
  })

  it("refuses bad sales before anything is sent", () => {
    const rejected = (sale: Parameters<typeof saleSteps>[0]) => left(saleSteps(sale)) as unknown as { deviceCode: string; message: string }
    expect(rejected({ lines: [coffee], payments: [{ method: "cash", amount: 239 }] }).message).toMatch(/payments/)
    expect(rejected({ lines: [coffee], payments: [{ method: "cash", amount: 240 }], lotteryCode: "short" }).message).toMatch(/lotteryCode/)
    expect(rejected({ lines: [coffee], payments: [{ method: "cash", amount: 240 }], customerTaxId: "XYZ" }).message).toMatch(/customerTaxId/)
    const noDepartment = { ...coffee, vat: { _tag: "rate" as const, basisPoints: 1234 } }
    expect(rejected({ lines: [noDepartment], payments: [{ method: "cash", amount: 240 }] })).toMatchObject({ deviceCode: "INVALID_INPUT" })
    expect(DEFAULT_DEPARTMENTS["rate:2200"]).toBe(1)
  })

  it("writes refund and void references as REFUND/VOID zzzz nnnn ddmmyyyy MATRICOLA before the document", () => {
    const reference = { number: { z: 42, document: 7 }, date: "2026-11-24", deviceSerial: "99IEB004001" }
    const refund = fiscalReceiptRequest(right(refundSteps(reference, { lines: [coffee], payments: [{ method: "cash", amount: 240 }] })))
    expect(refund).toContain('<printerFiscalReceipt><printRecMessage operator="1" messageType="4" index="1" font="1" message="REFUND 0042 0007 24112026 99IEB004001" /><beginFiscalReceipt')
    expect(refund).toContain('<printRecRefund operator="1" description="Caffè" quantity="2" unitPrice="1,20" department="2" justification="1" />')
    const voided = fiscalReceiptRequest(voidSteps(reference))
    expect(voided).toContain('message="VOID 0042 0007 24112026 99IEB004001"')
    expect(voided).not.toContain("printRecRefund")
    expect(refundVoidCheckData("void", reference)).toBe("299IEB004001241120260007" + "0042")
  })

  it("write reports, status queries and directIO", () => {
    expect(fiscalReportRequest("z")).toContain("<printerFiscalReport><printZReport operator=\"1\" /></printerFiscalReport>")
    expect(fiscalReportRequest("xz")).toContain("<printXZReport")
    expect(queryPrinterStatusRequest(1)).toContain('<printerCommand><queryPrinterStatus operator="1" statusType="1" /></printerCommand>')
    expect(directIORequest(1138, "01")).toContain('<directIO command="1138" data="01" />')
  })
})

describe("amounts", () => {
  it("formats cents and quantities without floats and parses comma or dot", () => {
    expect([formatAmount(0), formatAmount(5), formatAmount(1250), formatAmount(-100), formatAmount(123456789)]).toEqual(["0,00", "0,05", "12,50", "-1,00", "1234567,89"])
    expect([formatQuantity(1000), formatQuantity(250), formatQuantity(12_005)]).toEqual(["1", "0,250", "12,005"])
    expect([right(parseAmount("13,00", "a")), right(parseAmount("13.5", "a")), right(parseAmount("7", "a"))]).toEqual([1300, 1350, 700])
    expect(left(parseAmount("1.234,56", "fiscalReceiptAmount")).message).toMatch(/fiscalReceiptAmount/)
  })
})

describe("reply decoders", () => {
  it("decode a receipt reply into a printed document stamped in the device's zone", () => {
    const document = right(decodePrintedDocument("sale", right(parseReply(receiptReply))))
    expect(document).toEqual({ kind: "sale", number: { z: 35, document: 500 }, issuedAt: "2006-04-10T11:35:00+02:00", total: 21056 })
  })

  it("decode a Z reply", () => {
    const reply = right(parseReply(envelope(response({ success: true }, { zRepNumber: "43", dailyAmount: "1.234,00".replace(".", "") }))))
    expect(right(decodeClosure(reply, "2026-11-24"))).toEqual({ zNumber: 43, date: "2026-11-24", total: 123400 })
  })

  it("map refusals: native status to DeviceRejected, no-answer and busy to DeviceBusy", () => {
    const refused = (attributes: Parameters<typeof response>[0]) => replyError(right(parseReply(envelope(response(attributes)))))
    expect(refused({ success: false, code: "PRINTER ERROR", status: 40 })).toMatchObject({ _tag: "DeviceRejected", deviceCode: "40" })
    expect(refused({ success: false, code: "PRINTER ERROR", status: 40 }).message).toMatch(/already refunded/)
    expect(refused({ success: false, code: "EPTR_REC_EMPTY", status: 3 })).toMatchObject({ _tag: "DeviceRejected", deviceCode: "EPTR_REC_EMPTY" })
    expect(refused({ success: false, code: "LAN_ERROR", status: 0 })._tag).toBe("DeviceBusy")
    expect(refused({ success: false, code: "FP_NO_ANSWER", status: 0 })._tag).toBe("DeviceBusy")
  })

  it("decode queryPrinterStatus type 0 and 1", () => {
    const board = right(decodeBoardStatus(right(parseReply(boardStatusReply)).addInfo))
    expect(board).toMatchObject({ cpuRelease: "07.00", mfStatus: "0", flags: { printer: "ok", journal: "ok", drawer: "closed", document: "none", mode: "registration" } })
    const rt = right(decodeRtState(rtStateInfo))
    expect(rt).toMatchObject({ rtType: "I", mainStatus: "02", dayOpen: true, certificateExpiryCD: "2028-12-31", certificateExpiryCA: "2029-06-30" })
    expect(left(decodeRtState({ ...rtStateInfo, rtFileRejected: "many" })).message).toMatch(/rtFileRejected/)
    expect(left(decodeBoardStatus({ cpuRel: "1", fpStatus: "9" })).message).toMatch(/status/)
  })

  it("decode directIO 1138 by position", () => {
    const status = right(decodeRtStatus(rtStatusData({ filesRejected: 3, outOfService: true })))
    expect(status).toMatchObject({ rtType: "I", mainStatus: "02", subStatus: "08", dayOpen: true, pendingClosure: false, filesToSend: 3, filesRejected: 3, certificateExpiryCD: "2028-12-31", certificateExpiryCA: "2029-06-30", firmwareBuild: "1234", outOfService: true, trainingMode: false })
    expect(left(decodeRtStatus("01I02")).message).toMatch(/not an RT/)
  })

  it("decode directIO 1387, 9217, 4228, 3217 and 2050", () => {
    expect(right(decodeLastDocument(lastDocumentData({ total: 490, z: 42, document: 7, lottery: "AbC12345" })))).toEqual({
      total: 490,
      vat: 88,
      date: "2026-11-24",
      time: "10:15:00",
      number: { z: 42, document: 7 },
      serial: "99IEB004001",
      lotteryCode: "AbC12345",
      fiscal: true
    })
    expect(left(decodeLastDocument("01000")).message).toMatch(/1387/)
    expect(right(decodeZTransmission(`0${"0".repeat(12)}123456789012`))).toEqual({ state: "sent", id: "123456789012" })
    expect(right(decodeZTransmission("2"))).toEqual({ state: "queued" })
    expect(right(decodeZTransmission("1"))).toEqual({ state: "out-of-range" })
    expect(left(decodeZTransmission("X")).message).toMatch(/9217/)
    expect(right(decodePeriodicVerification("311227"))).toEqual({ dueDate: "2027-12-31" })
    expect(right(decodePeriodicVerification("01311227"))).toEqual({ dueDate: "2027-12-31" })
    expect(right(decodePeriodicVerification("000000"))).toEqual({})
    expect(right(decodeSerialNumber("0199IEB004001"))).toBe("99IEB004001")
    expect(right(decodeCounters(2050, `4001+000000490-000000003`))).toEqual({ type: 40, index: 1, values: [490, -3] })
    expect(right(decodeRefundVoidCheck("0299IEB004001241120260007"))).toEqual({ eligible: true })
    expect(right(decodeRefundVoidCheck("3199IEB004001241120260007"))).toMatchObject({ eligible: false, deviceCode: "40" })
    expect(left(decodeRefundVoidCheck("X")).message).toMatch(/9205/)
    expect(left(decodeCounters(2050, "27abc")).message).toMatch(/2050/)
  })
})
