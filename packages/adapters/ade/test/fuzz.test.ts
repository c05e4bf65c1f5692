import fc from "fast-check"
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { isAdeParseError, parseCorrispettivi, parseEsito, parseEvento, parseXml, verifyCorrispettivi, verifySignature } from "../src/index.js"
import { response, responseNames, sample, sampleNames } from "./fixtures.js"

/**
 * Property: on any input the parsers return a value or one of this package's typed errors; they
 * never throw. Inputs are random strings, XML-ish fragments, and real AdE files mutated at random.
 */

const corpus = [...sampleNames().map(sample), ...responseNames().map(response)]

const mutation = fc.oneof(
  // delete a span
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  // insert XML-significant or random text
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom("<", ">", "&", "</", "/>", '"', "<![CDATA[", "]]>", "<!--", "-->", "<?x?>", "&amp;", "&#0;", "\u0000", "ó", "<Riepilogo>", "xmlns=\"\""), fc.string({ maxLength: 12 }))
  }),
  // replace a digit (amounts, codes, dates)
  fc.record({ kind: fc.constant("digit" as const), at: fc.nat(), digit: fc.integer({ min: 0, max: 9 }) }),
  // cut the document short
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() })
)

type Mutation = { kind: string; at: number; len?: number; text?: string; digit?: number }

const mutate = (xml: string, ms: ReadonlyArray<Mutation>) =>
  ms.reduce((s, m) => {
    const at = s.length === 0 ? 0 : m.at % s.length
    switch (m.kind) {
      case "delete":
        return s.slice(0, at) + s.slice(at + (m.len ?? 1))
      case "insert":
        return s.slice(0, at) + (m.text ?? "") + s.slice(at)
      case "digit": {
        const digits = [...s.matchAll(/\d/g)]
        if (digits.length === 0) return s
        const d = digits[m.at % digits.length]!
        return s.slice(0, d.index) + String(m.digit) + s.slice(d.index! + 1)
      }
      default:
        return s.slice(0, at)
    }
  }, xml)

const mutatedDocument = fc
  .tuple(fc.constantFrom(...corpus), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([xml, ms]) => mutate(xml, ms))

const xmlish = fc
  .array(fc.oneof(fc.constantFrom("<", ">", "/", "=", '"', "DatiCorrispettivi", "Riepilogo", "Ammontare", "EsitoOperazione", "xmlns:p=", "p:", "1.00", " "), fc.string({ maxLength: 6 })), {
    maxLength: 30
  })
  .map((parts) => parts.join(""))

const anyInput = fc.oneof(fc.string(), fc.string({ unit: "binary" }), xmlish, mutatedDocument)

const PARSERS = { parseCorrispettivi, parseEsito, parseEvento, parseXml } as const

describe("parsers never throw, they return typed errors", () => {
  for (const [name, parse] of Object.entries(PARSERS)) {
    it(name, () => {
      fc.assert(
        fc.property(anyInput, (input) => {
          const result = (parse as (xml: string) => Either.Either<unknown, unknown>)(input)
          if (Either.isLeft(result)) expect(isAdeParseError(result.left)).toBe(true)
        }),
        { numRuns: 600 }
      )
    })
  }

  it("verifySignature never throws on mutated files and always gives a reason for a failure", () => {
    fc.assert(
      fc.property(mutatedDocument, (input) => {
        const report = verifySignature(input)
        expect(typeof report.valid).toBe("boolean")
        if (!report.valid) expect(report.reason).toBeTruthy()
      }),
      { numRuns: 300 }
    )
  })

  it("a digit changed anywhere in a signed COR10's data breaks its signature", () => {
    const signed = ["c1.xml", "rt_lug_2020.xml", "RT_192.168.1.166_07_04_2017__10_16_26_3.xml"].map(sample)
    fc.assert(
      fc.property(fc.constantFrom(...signed), fc.nat(), fc.integer({ min: 1, max: 9 }), (xml, pick, shift) => {
        // Digits of element values before the signature (amounts, rates, dates, progressives).
        const body = xml.slice(0, xml.search(/<(ds:)?Signature[ >]/))
        const digits = [...body.matchAll(/>[^<]*?\d[^<]*</g)].flatMap((m) => [...m[0].matchAll(/\d/g)].map((d) => m.index! + d.index!))
        const at = digits[pick % digits.length]!
        const changed = xml.slice(0, at) + String((Number(xml[at]) + shift) % 10) + xml.slice(at + 1)
        expect(verifySignature(changed).valid).toBe(false)
      }),
      { numRuns: 150 }
    )
  })

  it("verifyCorrispettivi (without XSD) never throws", async () => {
    await fc.assert(
      fc.asyncProperty(anyInput, async (input) => {
        const report = await verifyCorrispettivi(input)
        expect(report.ok).toBe(false)
      }),
      { numRuns: 200 }
    )
  })
})
