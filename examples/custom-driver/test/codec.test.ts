import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { parseDocument, parseReply, parseStatus, saleArgs } from "../src/codec.js"

describe("the TP-1 codec", () => {
  it("sums sale lines per VAT bucket", () => {
    const args = saleArgs({
      lines: [
        { description: "a", quantityMilli: 1000, unitPrice: 240, amount: 240, vat: { _tag: "rate", basisPoints: 1000 } },
        { description: "b", quantityMilli: 1000, unitPrice: 150, amount: 150, vat: { _tag: "rate", basisPoints: 1000 } },
        { description: "c", quantityMilli: 1000, unitPrice: 50, amount: 50, vat: { _tag: "natura", code: "N4" } }
      ],
      payments: [{ method: "cash", amount: 440 }]
    })
    expect(args).toEqual(["1000:390,N4:50", "cash:440"])
  })

  it("turns garbled or foreign replies into typed errors, never a throw", () => {
    const tagOf = (line: string) => {
      const reply = parseReply(line, "r1")
      const parsed = Either.flatMap(reply, parseDocument)
      return Either.isLeft(parsed) ? parsed.left._tag : "ok"
    }
    expect(tagOf("r1 OK DOC sale 0001-0001 2026-11-24T10:00:00.000Z 490")).toBe("ok")
    expect(tagOf("r1 OK DOC sale 1-1 2026-11-24T10:00:00.000Z 490")).toBe("DeviceProtocolError")
    expect(tagOf("r1 OK DOC sale 0001-0001 yesterday 4.90")).toBe("DeviceProtocolError")
    expect(tagOf("r2 OK NONE")).toBe("DeviceProtocolError")
    expect(tagOf("r1 ERR BUSY printing")).toBe("DeviceBusy")
    expect(tagOf("r1 ERR PAPER paper out")).toBe("DeviceRejected")
    for (const garbage of ["", " ", "r1", "r1 MAYBE", "\u0000\u0001", "r1 OK", "r1 OK DOC"]) expect(tagOf(garbage)).not.toBe("ok")
  })

  it("reads status flags into conditions and keeps the line as the raw payload", () => {
    const reading = Either.getOrThrow(parseStatus(["paper=low", "cover=closed", "day=open"], "r1 OK paper=low cover=closed day=open"))
    expect(reading).toMatchObject({ health: "warning", dayOpen: true, conditions: [{ code: "paper.near-end" }], raw: { format: "text" } })
    expect(Either.isLeft(parseStatus(["paper=soggy"], ""))).toBe(true)
  })
})
