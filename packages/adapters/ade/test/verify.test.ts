import { describe, expect, it } from "vitest"
import { verifyCorrispettivi } from "../src/index.js"
import { NOW, response, sample, sampleNames, schemaDir } from "./fixtures.js"

describe("verifyCorrispettivi over every file in shared/spec/ade/samples", () => {
  const names = sampleNames()
  it("finds the samples", () => expect(names.length).toBeGreaterThanOrEqual(5))

  for (const name of names) {
    const rejected = name.startsWith("invalid_")
    it(`${rejected ? "rejects" : "accepts"} ${name}`, async () => {
      const report = await verifyCorrispettivi(sample(name), { schemaDir, now: NOW })
      // The report is what the CLI prints: it must survive JSON unchanged.
      expect(JSON.parse(JSON.stringify(report))).toEqual(report)
      if (rejected) {
        expect(report.ok).toBe(false)
        expect(report.schema.valid).toBe(false)
        expect(report.signature.valid).toBe(false)
        return
      }
      expect(report.schema).toMatchObject({ checked: true, valid: true })
      expect(report.signature.valid).toBe(true)
      expect(report.matricola).toBe(report.signature.signerCn)
      if (name === "evento_600.xml") {
        // A device event (EventoDispositivo, same corrispettivi namespace) is authentic and parsed.
        expect(report).toMatchObject({ kind: "evento", ok: true, problems: [], evento: { detailCode: "00600" } })
      } else {
        expect(report).toMatchObject({ kind: "corrispettivi", ok: true, problems: [] })
        expect(report.corrispettivi?.perVat.length).toBeGreaterThan(0)
      }
    })
  }
})

describe("verifyCorrispettivi report", () => {
  it("prints matricola, period and per-rate totals for a Z", async () => {
    const report = await verifyCorrispettivi(sample("c1.xml"), { schemaDir, expectedMatricola: "96MKR000111", now: NOW })
    expect(report).toMatchObject({ kind: "corrispettivi", ok: true, matricola: "96MKR000111", matricolaMatches: true })
    expect(report.signature).toMatchObject({ valid: true, whitespaceNormalised: true, certificate: { expired: true } })
    expect(report.corrispettivi).toMatchObject({ date: "2017-04-06", progressive: 10 })
    expect(report.corrispettivi?.perVat[0]).toEqual({ vat: { _tag: "rate", basisPoints: 400 }, amount: 3618, tax: 145, returns: 0, voids: 0 })
  })

  it("fails when the signer is not the expected matricola", async () => {
    const report = await verifyCorrispettivi(sample("rt_lug_2020.xml"), { schemaDir, expectedMatricola: "99IEB004001" })
    expect(report).toMatchObject({ ok: false, matricola: "72MAA000001", matricolaMatches: false })
    expect(report.problems).toEqual(["signed by 72MAA000001, expected matricola 99IEB004001"])
  })

  it("fails on the signature when one amount digit changes, while the XSD still passes", async () => {
    const report = await verifyCorrispettivi(sample("rt_lug_2020.xml").replace("<Ammontare>1.00</Ammontare>", "<Ammontare>9.00</Ammontare>"), { schemaDir })
    expect(report).toMatchObject({ ok: false, schema: { valid: true }, signature: { valid: false } })
    expect(report.corrispettivi?.perVat[0]?.amount).toBe(900)
  })

  it("is not ok without a schema directory", async () => {
    const report = await verifyCorrispettivi(sample("rt_lug_2020.xml"))
    expect(report).toMatchObject({ ok: false, schema: { checked: false }, signature: { valid: true } })
    expect(report.problems).toEqual(["schema not checked: no AdE schema directory (set FISCO_ADE_SCHEMAS)"])
  })

  it("verifies AdE replies: a signed rejection is an authentic file, its verdict is in esito", async () => {
    const report = await verifyCorrispettivi(response("Corrispettivi_00200.xml"), { schemaDir, expectedMatricola: "96MKR000111" })
    expect(report).toMatchObject({ kind: "esito", ok: true, signature: { valid: true, signerCn: "Servizio AE Corrispettivi IVA" } })
    expect(report.schema.tolerated.length).toBe(1)
    expect(report.esito).toMatchObject({ outcome: "rejected", errors: [{ code: "00200" }] })
    expect(report.matricola).toBeUndefined()
    const lottery = await verifyCorrispettivi(response("Lotteria_AC.xml"), { schemaDir })
    expect(lottery).toMatchObject({ kind: "esito-lotteria", ok: true, esito: { outcome: "accepted" } })
  })

  it("reports malformed and foreign XML without throwing", async () => {
    const broken = await verifyCorrispettivi("<p:DatiCorrispettivi", { schemaDir })
    expect(broken).toMatchObject({ kind: "unknown", ok: false, schema: { checked: false }, signature: { valid: false } })
    const foreign = await verifyCorrispettivi("<invoice/>", { schemaDir })
    expect(foreign.problems[0]).toBe("not an AdE document (root invoice)")
  })

  it("reports a parse error next to schema errors", async () => {
    const report = await verifyCorrispettivi(sample("rt_lug_2020.xml").replace("<Ammontare>1.00</Ammontare>", "<Ammontare>1.0</Ammontare>"), { schemaDir })
    expect(report).toMatchObject({ ok: false, schema: { valid: false }, parseError: { code: "ade_invalid_field" } })
    expect(report.corrispettivi).toBeUndefined()
  })
})
