import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { classifyDocument, type Esito, OUTCOME_CODES, outcomeCode, parseEsito, parseEvento } from "../src/index.js"
import { response, responseNames, sample } from "./fixtures.js"

const parsed = (xml: string): Esito => {
  const result = parseEsito(xml)
  if (Either.isLeft(result)) throw new Error(`unexpected ${result.left.code}: ${result.left.message}`)
  return result.right
}

/** Codes a reply file carries: in Errori/ListaErrori and in document signals. */
const codesOf = (e: Esito) => [...e.errors, ...(e.kind === "esito-lotteria" ? e.documentSignals.flatMap((s) => s.errors) : [])]

describe("parseEsito over every AdE reply in shared/spec/ade/responses", () => {
  const names = responseNames()

  it("finds the reply files", () => expect(names.length).toBeGreaterThanOrEqual(29))

  for (const name of names) {
    it(`${name}: every code maps to a known entry whose Italian text is AdE's`, () => {
      const esito = parsed(response(name))
      for (const error of codesOf(esito)) {
        expect(error.known, `${name} ${error.code}`).toBeDefined()
        expect(error.known).toBe(outcomeCode(error.code))
        expect(error.description.trim()).toBe(error.known!.it)
        expect(error.known!.en.length).toBeGreaterThan(10)
      }
      // File names carry the code AdE answered with (…_00200.xml, …SC.00300.xml); acceptances carry none.
      const named = /(\d{5})\.xml$/.exec(name)?.[1]
      if (named) expect(codesOf(esito).map((e) => e.code)).toContain(named)
      if (/ok|_AC/.test(name)) expect(codesOf(esito)).toEqual([])
      else expect(codesOf(esito).length).toBeGreaterThan(0)
    })
  }

  it("the table holds exactly the codes found in the replies (none invented)", () => {
    const found = new Set(names.flatMap((n) => codesOf(parsed(response(n))).map((e) => e.code)))
    expect(new Set(OUTCOME_CODES.map((c) => c.code))).toEqual(found)
  })

  it("an EsitoOperazione without Errori is an acceptance, even without @versione", () => {
    expect(parsed(response("response_ok.xml"))).toEqual({ kind: "esito", operationId: "3124808", outcome: "accepted", errors: [], retryable: false })
  })

  it("an EsitoOperazione with Errori is a rejection; multiple errors are all kept", () => {
    const e = parsed(response("Attivazione_00112.xml"))
    expect(e).toMatchObject({ kind: "esito", operationId: "14613", outcome: "rejected", retryable: false })
    expect(e.errors.map((x) => x.code)).toEqual(["00112", "00113"])
    expect(parsed(response("Eventi_00000.xml"))).toMatchObject({ version: "1.0", outcome: "rejected" })
  })

  it("lottery AC with an empty SegnalazioniDocComm is an acceptance", () => {
    expect(parsed(response("Lotteria_AC.xml"))).toEqual({
      kind: "esito-lotteria",
      operationId: "8ba784d8-8037-4697-ad5c-8966f848706a",
      at: "2019-11-08T15:46:51",
      documentCount: 100,
      esito: "AC",
      outcome: "accepted",
      errors: [],
      documentSignals: [],
      retryable: false
    })
  })

  it("lottery SE carries per-document signals, even without the Errore wrapper", () => {
    const e = parsed(response("Lotteria_Error.SE.00307.xml"))
    expect(e).toMatchObject({ esito: "SE", outcome: "accepted-with-warnings" })
    expect(e.kind === "esito-lotteria" && e.documentSignals).toEqual([
      { position: 2, documentNumber: "1234-4326", at: "2020-09-13T12:12:12", errors: [{ code: "00307", description: "La data del documento commerciale e' nel futuro", known: outcomeCode("00307") }] }
    ])
  })

  it("lottery SC: rejected; 00302 is retryable, 00306 a duplicate", () => {
    expect(parsed(response("Lotteria_Error.SC.00302.xml"))).toMatchObject({ outcome: "rejected", retryable: true })
    expect(parsed(response("Lotteria_Error.SC.00306.xml"))).toMatchObject({ outcome: "rejected", retryable: false })
    expect(outcomeCode("00306")?.kind).toBe("duplicate")
    expect(parsed(response("Lotteria_Error.SC.00303.xml")).errors).toEqual([{ code: "00303", description: "Dispositivo non 'IN SERVIZIO'", known: outcomeCode("00303") }])
  })

  it("keeps unknown codes with AdE's description and no table entry", () => {
    const xml = response("Corrispettivi_00200.xml").replace("<Codice>00200</Codice>", "<Codice>00203</Codice>")
    expect(parsed(xml).errors).toEqual([{ code: "00203", description: 'Dispositivo non "ATTIVATO"' }])
  })

  it("returns typed errors for other documents and broken replies", () => {
    expect(Either.getLeft(parseEsito(sample("c1.xml"))).pipe((l) => l._tag === "Some" && l.value._tag)).toBe("UnexpectedDocument")
    const noId = response("response_ok.xml").replace(/<IdOperazione>.*<\/IdOperazione>/, "")
    expect(Either.getLeft(parseEsito(noId)).pipe((l) => l._tag === "Some" && l.value)).toMatchObject({ _tag: "MissingField", path: "IdOperazione" })
    const badEsito = response("Lotteria_AC.xml").replace("<Esito>AC</Esito>", "<Esito>OK</Esito>")
    expect(Either.getLeft(parseEsito(badEsito)).pipe((l) => l._tag === "Some" && l.value)).toMatchObject({ _tag: "InvalidField", path: "Esito" })
  })
})

describe("parseEvento", () => {
  it("reads the signed FUORI_SERVIZIO event", () => {
    expect(parseEvento(sample("evento_600.xml"))).toEqual(
      Either.right({ kind: "evento", event: "FUORI_SERVIZIO", at: "2019-09-26T12:00:54", detailCode: "00600", meaning: "Detail memory (DGFE) exhausted" })
    )
  })
})

describe("classifyDocument", () => {
  it("classifies samples and replies by root namespace and name", () => {
    expect(classifyDocument(sample("c1.xml"))).toEqual(Either.right("corrispettivi"))
    expect(classifyDocument(sample("evento_600.xml"))).toEqual(Either.right("evento"))
    expect(classifyDocument(response("response_ok.xml"))).toEqual(Either.right("esito"))
    expect(classifyDocument(response("Lotteria_AC.xml"))).toEqual(Either.right("esito-lotteria"))
    expect(classifyDocument("<EsitoOperazione/>")).toEqual(Either.right("unknown"))
    expect(Either.isLeft(classifyDocument("<"))).toBe(true)
  })
})
