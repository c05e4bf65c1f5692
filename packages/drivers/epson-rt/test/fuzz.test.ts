import fc from "fast-check"
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import {
  decodeBoardStatus,
  decodeChunked,
  decodeCounters,
  decodeLastDocument,
  decodePeriodicVerification,
  decodePrintedDocument,
  decodeRefundVoidCheck,
  decodeRtState,
  decodeRtStatus,
  decodeSerialNumber,
  decodeZTransmission,
  deviceText,
  escapeXml,
  formatAmount,
  parseAmount,
  parseDirectoryIndex,
  parseHead,
  parseReply,
  parseZReportText
} from "../src/index.js"
import { boardStatusReply, lastDocumentData, receiptReply, rtStatusData } from "./fixtures.js"

const TYPED = ["DeviceProtocolError", "DeviceRejected", "DeviceBusy"]
const isTypedResult = (result: Either.Either<unknown, { _tag: string }>) => Either.isRight(result) || TYPED.includes(result.left._tag)

/** Strings near a valid sample: truncations, one-character substitutions and insertions, plus anything at all. */
const mutationsOf = (sample: string) =>
  fc.oneof(
    fc.string({ unit: "binary" }),
    fc.nat({ max: sample.length }).map((n) => sample.slice(0, n)),
    fc.tuple(fc.nat({ max: sample.length - 1 }), fc.string({ minLength: 1, maxLength: 3, unit: "binary" })).map(([at, s]) => sample.slice(0, at) + s + sample.slice(at + 1)),
    fc.tuple(fc.nat({ max: sample.length }), fc.constantFrom("<", ">", "&", '"', "]]>", "<!--", "<?", "\u0000", "xmlns:soapenv=''")).map(([at, s]) => sample.slice(0, at) + s + sample.slice(at))
  )

describe("decoders never throw and return typed errors", () => {
  it("parseReply and the reply decoders, on mutated replies", () => {
    fc.assert(
      fc.property(mutationsOf(receiptReply), mutationsOf(boardStatusReply), (receipt, board) => {
        const parsed = parseReply(receipt)
        expect(isTypedResult(parsed)).toBe(true)
        if (Either.isRight(parsed)) expect(isTypedResult(decodePrintedDocument("sale", parsed.right))).toBe(true)
        const status = parseReply(board)
        if (Either.isRight(status)) {
          expect(isTypedResult(decodeBoardStatus(status.right.addInfo))).toBe(true)
          expect(isTypedResult(decodeRtState(status.right.addInfo))).toBe(true)
        }
      }),
      { numRuns: 500 }
    )
  })

  it("directIO decoders, on mutated fixed-width answers", () => {
    const last = lastDocumentData({ total: 490, z: 42, document: 7 })
    fc.assert(
      fc.property(mutationsOf(last), mutationsOf(rtStatusData()), fc.string(), (lastDoc, rt, any) => {
        for (const result of [
          decodeLastDocument(lastDoc),
          decodeRtStatus(rt),
          decodeZTransmission(any),
          decodePeriodicVerification(any),
          decodeSerialNumber(any),
          decodeCounters(2050, any),
          decodeRefundVoidCheck(any)
        ]) {
          expect(isTypedResult(result)).toBe(true)
        }
        const decoded = decodeLastDocument(lastDoc)
        if (Either.isRight(decoded)) {
          expect(Number.isSafeInteger(decoded.right.total)).toBe(true)
          expect(decoded.right.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
        }
      }),
      { numRuns: 500 }
    )
  })

  it("archive helpers and the lenient HTTP head parser accept any bytes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.uint8Array({ maxLength: 200 }), (text, bytes) => {
        expect(Array.isArray(parseDirectoryIndex(text))).toBe(true)
        expect(typeof parseZReportText(text)).toBe("object")
        parseHead(Buffer.from(bytes))
        const chunked = decodeChunked(Buffer.from(bytes))
        if (chunked !== undefined) expect(Buffer.isBuffer(chunked.body)).toBe(true)
      }),
      { numRuns: 500 }
    )
  })
})

describe("codec properties", () => {
  it("an amount formats and parses back to the same cents", () => {
    fc.assert(fc.property(fc.integer({ min: -(10 ** 11), max: 10 ** 11 }), (cents) => {
        expect(Either.getOrThrow(parseAmount(formatAmount(cents), "a"))).toBe(cents)
      })
    )
  })

  it("device text is escaped into well-formed XML and never longer than the limit", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.integer({ min: 1, max: 60 }), (text, max) => {
        const cut = deviceText(text, max)
        expect(Array.from(cut).length).toBeLessThanOrEqual(max)
        const reply = parseReply(`<response success="true" code="${escapeXml(cut)}"><addInfo><x>${escapeXml(cut)}</x></addInfo></response>`)
        expect(Either.isRight(reply)).toBe(true)
      })
    )
  })
})
