import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { decodeReply, encodeRequest, toStatusReading, toWireSale } from "../src/index.js"

const document = { kind: "sale", number: "0003-0012", issuedAt: "2026-11-24T10:15:00.000Z", total: 490, requestId: "r-1" }
const saleReply = JSON.stringify({ ok: true, requestId: "r-1", result: { document } })

const errorOf = (result: Either.Either<unknown, unknown>) => {
  if (Either.isRight(result)) throw new Error(`expected a failure, got ${JSON.stringify(result.right)}`)
  return result.left as { _tag: string; message: string; deviceCode?: string }
}

describe("decodeReply", () => {
  it("decodes a result into domain types, document numbers included", () => {
    const result = decodeReply("print-sale", "r-1", saleReply)
    expect(result).toEqual(Either.right({ document: { ...document, number: { z: 3, document: 12 } } }))
  })

  it("ignores fields it does not know (a newer printer still parses)", () => {
    const reply = JSON.stringify({ ok: true, requestId: "r-1", firmwareHint: "2.0", result: { document: { ...document, copies: 2 } } })
    expect(Either.isRight(decodeReply("print-sale", "r-1", reply))).toBe(true)
  })

  it("turns a body that is not JSON into DeviceProtocolError", () => {
    const error = errorOf(decodeReply("status", "r-1", "<html>502 Bad Gateway</html>", 502))
    expect(error._tag).toBe("DeviceProtocolError")
    expect(error.message).toMatch(/HTTP 502 reply is not JSON/)
  })

  it("turns wrong types into DeviceProtocolError naming the field", () => {
    const reply = JSON.stringify({ ok: true, requestId: "r-1", result: { document: { ...document, total: "4.90" } } })
    const error = errorOf(decodeReply("print-sale", "r-1", reply))
    expect(error._tag).toBe("DeviceProtocolError")
    expect(error.message).toMatch(/total/)
  })

  it("refuses a malformed document number and a float amount", () => {
    for (const bad of [{ ...document, number: "3-12" }, { ...document, total: 4.9 }]) {
      const reply = JSON.stringify({ ok: true, requestId: "r-1", result: { document: bad } })
      expect(errorOf(decodeReply("print-sale", "r-1", reply))._tag).toBe("DeviceProtocolError")
    }
  })

  it("refuses a reply that belongs to another request", () => {
    const error = errorOf(decodeReply("print-sale", "r-2", saleReply))
    expect(error._tag).toBe("DeviceProtocolError")
    expect(error.message).toMatch(/r-1/)
  })

  it("maps the device's refusals: BUSY to DeviceBusy, any other code to DeviceRejected", () => {
    const refusal = (code: string) => JSON.stringify({ ok: false, error: { code, message: `because ${code}` } })
    expect(errorOf(decodeReply("status", "r-1", refusal("BUSY")))._tag).toBe("DeviceBusy")
    const rejected = errorOf(decodeReply("print-sale", "r-1", refusal("PAPER_END"), 422))
    expect(rejected).toMatchObject({ _tag: "DeviceRejected", deviceCode: "PAPER_END" })
    expect(errorOf(decodeReply("print-sale", "r-1", refusal("SOME_FUTURE_CODE")))).toMatchObject({ deviceCode: "SOME_FUTURE_CODE" })
  })

  it("never throws, whatever the device sends", () => {
    // Deterministic mutations of a valid reply: truncations, byte flips and odd JSON values.
    let seed = 42
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed % n
    }
    const inputs = ["", "null", "[]", "42", '"ok"', "{}", '{"ok":true}', '{"ok":false}', '{"ok":true,"requestId":"r-1"}', "\u0000\uffff"]
    for (let i = 0; i < 500; i++) {
      const cut = saleReply.slice(0, random(saleReply.length))
      const at = random(saleReply.length)
      inputs.push(cut, saleReply.slice(0, at) + String.fromCharCode(random(128)) + saleReply.slice(at + 1))
    }
    for (const input of inputs) {
      for (const command of ["status", "print-sale", "last-document", "z-report"] as const) {
        const result = decodeReply(command, "r-1", input)
        expect(Either.isEither(result)).toBe(true)
        if (Either.isLeft(result)) expect(["DeviceProtocolError", "DeviceRejected", "DeviceBusy"]).toContain(result.left._tag)
      }
    }
  })
})

describe("encodeRequest", () => {
  it("writes document numbers as ZZZZ-NNNN and VAT as rate or natura", () => {
    const sale = toWireSale({
      lines: [
        { description: "Pane", quantityMilli: 500, unitPrice: 400, amount: 200, vat: { _tag: "rate", basisPoints: 400 } },
        { description: "Bollo", quantityMilli: 1000, unitPrice: 200, amount: 200, vat: { _tag: "natura", code: "N1" } }
      ],
      payments: [{ method: "card", amount: 400 }]
    })
    const wire = JSON.parse(
      encodeRequest({ command: "print-refund", requestId: "r-9", sale, reference: { number: { z: 7, document: 45 }, date: "2026-11-20", matricola: "99VPR000001" } })
    )
    expect(wire.reference.number).toBe("0007-0045")
    expect(wire.sale.lines.map((l: { vat: unknown }) => l.vat)).toEqual([{ rate: 400 }, { natura: "N1" }])
  })
})

describe("toStatusReading", () => {
  const status = { matricola: "99VPR000001", model: "VP-1", firmware: "1.0.0", clock: "2026-11-24T10:00:00.000Z", dayOpen: true, z: 3, lastDocument: 2 }
  it("maps paper and cover flags onto condition codes and health", () => {
    expect(toStatusReading({ ...status, paper: "ok", coverOpen: false }, "{}")).toMatchObject({ health: "ok", conditions: [], dayOpen: true })
    expect(toStatusReading({ ...status, paper: "near-end", coverOpen: false }, "{}").health).toBe("warning")
    const fault = toStatusReading({ ...status, paper: "end", coverOpen: true }, '{"raw":1}')
    expect(fault.health).toBe("fault")
    expect(fault.conditions.map((c) => c.code)).toEqual(["paper.end", "cover.open"])
    expect(fault.raw).toEqual({ format: "json", body: '{"raw":1}' })
  })
})
