import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type EpsonSimulator, startEpsonSimulator } from "../src/simulator/index.js"
import { directIo, envelope, fpmate, manualClock, parseReply, postRaw, referenceLine, refundXml, saleXml, voidXml } from "./simulator-client.js"

const DAY = "2024-05-02"
const coffeeAndWater = saleXml([{ unitPrice: "1,20", quantity: "2", department: 2 }, { unitPrice: "1.00", department: 1 }], [[0, "5,00"]])

describe("the Epson RT simulator's fiscal documents", () => {
  let sim: EpsonSimulator
  beforeEach(async () => {
    sim = await startEpsonSimulator({ clock: manualClock(`${DAY}T10:30:00Z`).clock, state: { closures: 41 } })
  })
  afterEach(() => sim.close())
  const send = (root: string) => fpmate(sim.url, root)
  const sell = async () => {
    const reply = await send(coffeeAndWater)
    expect(reply).toMatchObject({ success: true })
    return Number(reply.info.fiscalReceiptNumber)
  }

  it("numbers sales ZZZZ-NNNN under the open day's Z and answers like the device", async () => {
    const first = await send(coffeeAndWater)
    expect(first).toMatchObject({ success: true, code: "", status: "2" })
    expect(first.info).toMatchObject({
      fiscalReceiptNumber: "1",
      fiscalReceiptAmount: "3,40",
      fiscalReceiptDate: "02/05/2024",
      fiscalReceiptTime: "12:30",
      zRepNumber: "42",
      serialNumber: sim.matricola,
      receiptISODateTime: "2024-05-02T12:30:00"
    })
    expect((await send(coffeeAndWater)).info.fiscalReceiptNumber).toBe("2")
    const documents = await sim.control.documents()
    expect(documents.map((d) => [d.kind, d.number, d.total])).toEqual([
      ["sale", { z: 42, document: 1 }, 340],
      ["sale", { z: 42, document: 2 }, 340]
    ])
    expect(documents[0]!.payments).toEqual([{ type: 0, index: 0, amount: 340 }])
  })

  it("reads the envelope by namespace, whatever prefix the client uses", async () => {
    const reply = parseReply(await postRaw(sim.url, envelope(coffeeAndWater, "SOAP-ENV")))
    expect(reply.success).toBe(true)
  })

  it("refunds and voids by reference, numbered after the sale", async () => {
    const sold = await sell()
    const other = await sell()
    const refund = await send(refundXml(referenceLine("REFUND", 42, sold, DAY, sim.matricola), [{ unitPrice: "1,00", department: 1 }]))
    expect(refund.info).toMatchObject({ fiscalReceiptNumber: "3", fiscalReceiptAmount: "1,00" })
    const voided = await send(voidXml(referenceLine("VOID", 42, other, DAY, sim.matricola)))
    expect(voided.info).toMatchObject({ fiscalReceiptNumber: "4", fiscalReceiptAmount: "3,40" })
    const documents = await sim.control.documents()
    expect(documents.slice(2).map((d) => [d.kind, d.number.document, d.reference?.number])).toEqual([
      ["refund", 3, { z: 42, document: 1 }],
      ["void", 4, { z: 42, document: 2 }]
    ])
  })

  it("refuses refunds and voids of documents it did not print, with the device's error numbers", async () => {
    const sold = await sell()
    const refund = (line: string, price = "1,00") => send(refundXml(line, [{ unitPrice: price, department: 1 }]))
    expect(await refund(referenceLine("REFUND", 42, 99, DAY, sim.matricola))).toMatchObject({ success: false, code: "PRINTER ERROR", status: "12" })
    expect(await refund(referenceLine("REFUND", 42, sold, "2024-05-01", sim.matricola))).toMatchObject({ success: false, status: "12" })
    expect(await refund(referenceLine("REFUND", 42, sold, DAY, "99MEY000999"))).toMatchObject({ success: false, status: "12" })
    expect(await refund(referenceLine("REFUND", 42, sold, DAY, sim.matricola), "3,41")).toMatchObject({ success: false, status: "20" })
    expect(await refund(referenceLine("REFUND", 42, sold, DAY, sim.matricola), "1,00")).toMatchObject({ success: true })
    expect(await send(voidXml(referenceLine("VOID", 42, sold, DAY, sim.matricola)))).toMatchObject({ success: false, status: "40" })
    expect(await send(voidXml(referenceLine("VOID", 42, 2, DAY, sim.matricola)))).toMatchObject({ success: false, status: "42" })
    const other = await sell()
    expect(await send(voidXml(referenceLine("VOID", 42, other, DAY, sim.matricola)))).toMatchObject({ success: true })
    expect(await send(voidXml(referenceLine("VOID", 42, other, DAY, sim.matricola)))).toMatchObject({ success: false, status: "39" })
    expect(await refund(referenceLine("REFUND", 42, other, DAY, sim.matricola))).toMatchObject({ success: false, status: "39" })
    expect((await sim.control.documents()).map((d) => d.kind)).toEqual(["sale", "refund", "sale", "void"])
  })

  it("answers 9205 eligibility the way it would rule on the refund or void", async () => {
    const sold = await sell()
    const ask = async (kind: 1 | 2, document: number, serial = sim.matricola) =>
      (await send(directIo("9205", `${kind}${serial}02052024${String(document).padStart(4, "0")}0042`))).info.responseData!.slice(0, 1)
    expect(await ask(1, sold)).toBe("0")
    expect(await ask(2, sold)).toBe("0")
    expect(await ask(1, 77)).toBe("4")
    expect(await ask(1, sold, "99MEY000999")).toBe("4")
    await send(refundXml(referenceLine("REFUND", 42, sold, DAY, sim.matricola), [{ unitPrice: "1,00", department: 1 }]))
    expect(await ask(1, sold)).toBe("1")
    expect(await ask(2, sold)).toBe("3")
    expect(await ask(1, 2)).toBe("5")
  })

  it("reports the last document (1387) and the serial number (3217)", async () => {
    expect((await send(directIo("1387", "01"))).info.responseData!.slice(0, 40)).toBe(`01${"0".repeat(38)}`)
    await sell()
    const data = (await send(directIo("1387", "01"))).info.responseData!
    expect({ total: data.slice(2, 11), vat: data.slice(11, 20), date: data.slice(20, 26), time: data.slice(26, 32), z: data.slice(32, 36), doc: data.slice(36, 40), serial: data.slice(40, 51), fiscal: data[60] }).toEqual({
      total: "000000340",
      vat: "000000040",
      date: "020524",
      time: "123000",
      z: "0042",
      doc: "0001",
      serial: sim.matricola,
      fiscal: "1"
    })
    expect((await send(directIo("3217", "01"))).info.responseData).toBe(`01${sim.matricola}`)
  })

  it("accepts amounts with a comma or a dot, quantities with decimals, and discounts", async () => {
    const receipt = saleXml(
      [{ unitPrice: "10.00", quantity: "0,250", department: 1 }, { unitPrice: "3", department: 2 }],
      [[2, "4.00"], [0, "0"]],
      `<printRecItemAdjustment operator="1" adjustmentType="0" description="SCONTO" amount="0,50" department="2"/>` +
        `<printRecSubtotalAdjustment operator="1" adjustmentType="1" description="SCONTO" amount="0,25"/>`
    )
    const reply = await send(receipt)
    // 2.50 + 3.00 − 0.50 − 0.25 = 4.75, paid 4.00 by card and the rest in cash.
    expect(reply.info.fiscalReceiptAmount).toBe("4,75")
    const [document] = await sim.control.documents()
    expect(document!.payments).toEqual([{ type: 2, index: 0, amount: 400 }, { type: 0, index: 0, amount: 75 }])
    expect(document!.departments.reduce((s, d) => s + d.amount, 0)).toBe(475)
  })

  it("enforces the printer's text limits and payment rules, registering nothing", async () => {
    const long = saleXml([{ description: "X".repeat(39), unitPrice: "1,00", department: 1 }], [[0, "1,00"]])
    expect(await send(long)).toMatchObject({ success: false, status: "13" })
    expect(await send(saleXml([{ unitPrice: "1,00", department: 1 }], [[0, "0,50"]]))).toMatchObject({ success: false, status: "11" })
    expect(await send(saleXml([{ unitPrice: "1,00", department: 1 }], [[2, "2,00"]]))).toMatchObject({ success: false, status: "20" })
    expect(await send(saleXml([{ unitPrice: "1,00", department: 42 }], [[0, "1,00"]]))).toMatchObject({ success: false, status: "16" })
    expect(await send(saleXml([{ unitPrice: "1;00", department: 1 }], [[0, "1,00"]]))).toMatchObject({ success: false, status: "13" })
    expect(await send(`<printerFiscalReceipt><beginFiscalReceipt operator="1"/></printerFiscalReceipt>`)).toMatchObject({ success: false, code: "INCOMPLETE FILE" })
    expect(await send(`<printerFiscalReceipt><beginFiscalReceipt/><printFoo/><endFiscalReceipt/></printerFiscalReceipt>`)).toMatchObject({ code: "Non valid XML command" })
    expect(await sim.control.documents()).toHaveLength(0)
  })

  it("cancels a receipt with printRecVoid without registering it", async () => {
    const cancelled = saleXml([{ unitPrice: "1,00", department: 1 }], [], `<printRecVoid operator="1"/>`)
    expect(await send(cancelled)).toMatchObject({ success: true })
    expect(await sim.control.documents()).toHaveLength(0)
    expect((await send(coffeeAndWater)).info.fiscalReceiptNumber).toBe("1")
  })

  it("prints a customer's tax id (1060/1061) and a lottery code only when their checksums hold", async () => {
    const withExtra = (extra: string) => saleXml([{ unitPrice: "1,00", department: 1 }], [[2, "1,00"]], extra)
    expect(await send(withExtra(`<directIO command="1060" data="0112345678903"/>`))).toMatchObject({ success: true })
    expect(await send(withExtra(`<directIO command="1060" data="0112345678901"/>`))).toMatchObject({ success: false, status: "30" })
    expect(await send(withExtra(`<directIO command="1061" data="01RSSMRA85T10A562S"/>`))).toMatchObject({ success: true })
    expect(await send(withExtra(`<directIO command="1061" data="01RSSMRA85T10A562T"/>`))).toMatchObject({ success: false, status: "30" })
    expect(await send(withExtra(`<printRecLotteryID operator="1" code="AB12CD34"/>`))).toMatchObject({ success: true })
    expect(await send(withExtra(`<printRecLotteryID operator="1" code="AB12"/>`))).toMatchObject({ success: false, status: "30" })
    expect((await sim.control.documents()).map((d) => d.customerTaxId ?? d.lotteryCode)).toEqual(["12345678903", "RSSMRA85T10A562S", "AB12CD34"])
  })

  it("answers NO_DATA and PARSER_ERROR for requests it cannot read", async () => {
    expect(parseReply(await postRaw(sim.url, ""))).toMatchObject({ success: false, code: "NO_DATA" })
    expect(parseReply(await postRaw(sim.url, "<s:Envelope xmlns:s="))).toMatchObject({ success: false, code: "PARSER_ERROR" })
    expect(parseReply(await postRaw(sim.url, "<Envelope><Body/></Envelope>"))).toMatchObject({ success: false, code: "PARSER_ERROR" })
  })
})
