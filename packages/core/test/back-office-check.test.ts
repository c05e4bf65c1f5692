import { describe, expect, it } from "vitest"
import { BackOfficeReceiptInput, InvalidInput, checkBackOfficeReceipt, decodeInput, receiptContentKey } from "../src/index.js"

const valid = {
  deviceId: "dev_01JD6Q0W3Z8N4K2V7H5R9T1B3C",
  documentId: "POS1-000042",
  businessDay: "2025-03-01",
  lines: [
    { description: "Pane", quantityMilli: 1000, unitPrice: 1220, amount: 1220, vat: { _tag: "rate", basisPoints: 2200 } },
    { description: "Mele", quantityMilli: 1500, unitPrice: 200, amount: 300, vat: { _tag: "rate", basisPoints: 400 } }
  ],
  payments: [{ method: "cash", amount: 2000 }],
  total: 1520
}

const issuesOf = (input: unknown) => {
  try {
    checkBackOfficeReceipt(decodeInput(BackOfficeReceiptInput, input))
    return []
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error
    return error.issues.map((i) => i.path)
  }
}

describe("back-office receipts are checked as a fiscal device would", () => {
  it("accepts a consistent sale (overpaid cash is change) and defaults kind and currency", () => {
    expect(issuesOf(valid)).toEqual([])
    expect(decodeInput(BackOfficeReceiptInput, valid)).toMatchObject({ kind: "sale", currency: "EUR" })
  })

  it("names each offending field", () => {
    expect(issuesOf({ ...valid, total: 1521 })).toEqual(["total"])
    expect(issuesOf({ ...valid, payments: [{ method: "card", amount: 1519 }] })).toEqual(["payments"])
    expect(issuesOf({ ...valid, lines: [{ ...valid.lines[0], vat: { _tag: "rate", basisPoints: 2100 } }], total: 1220 })).toEqual(["lines.0.vat"])
    expect(issuesOf({ ...valid, lines: [{ ...valid.lines[0], amount: 1300 }], total: 1300 })).toEqual(["lines.0.amount"])
    expect(issuesOf({ ...valid, lines: [], total: 0 })).toEqual(["lines", "total"])
    expect(issuesOf({ ...valid, kind: "refund" })).toEqual(["reference"])
    expect(issuesOf({ ...valid, reference: { documentId: "X" } })).toEqual(["reference"])
    expect(issuesOf({ ...valid, print: { deviceId: "dev_01JD6Q0W3Z8N4K2V7H5R9T1B3D" } })).toEqual(["print.deviceId"])
  })

  it("rejects amounts that are not integer minor units, at the schema", () => {
    expect(() => decodeInput(BackOfficeReceiptInput, { ...valid, total: 15.2 })).toThrow(InvalidInput)
    expect(() => decodeInput(BackOfficeReceiptInput, { ...valid, lines: [{ ...valid.lines[0], amount: 12.2 }] })).toThrow(/lines\.0\.amount/)
  })

  it("the content key ignores key order and the print request, and sees any change", () => {
    const a = decodeInput(BackOfficeReceiptInput, valid)
    const reordered = decodeInput(BackOfficeReceiptInput, Object.fromEntries(Object.entries(valid).reverse()))
    expect(receiptContentKey(reordered)).toBe(receiptContentKey(a))
    expect(receiptContentKey({ ...a, print: { deviceId: a.deviceId } } as typeof a)).toBe(receiptContentKey(a))
    expect(receiptContentKey({ ...a, businessDay: "2025-03-02" })).not.toBe(receiptContentKey(a))
  })
})
