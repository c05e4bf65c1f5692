import { type DailyVatTotal, splitGross } from "@fisco/core"
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { type Corrispettivi, expectedTax, parseCorrispettivi } from "../src/index.js"
import { sample } from "./fixtures.js"

const parsed = (xml: string): Corrispettivi => {
  const result = parseCorrispettivi(xml)
  if (Either.isLeft(result)) throw new Error(`unexpected ${result.left.code}: ${result.left.message}`)
  return result.right
}
const failure = (xml: string) => {
  const result = parseCorrispettivi(xml)
  if (Either.isRight(result)) throw new Error("expected a parse error")
  return result.left
}

/** A minimal COR10 body; the parser does not need the signature, so tests can vary fields freely. */
const cor10 = (riepiloghi: string, extra = "") => `<?xml version="1.0" encoding="UTF-8"?>
<x:DatiCorrispettivi xmlns:x="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/corrispettivi/dati/v1.0" versione="COR10">
  <Trasmissione><Progressivo>7</Progressivo><Formato>COR10</Formato></Trasmissione>
  <DataOraRilevazione>2024-03-01T21:30:00</DataOraRilevazione>
  <DatiRT>${riepiloghi}</DatiRT>${extra}
</x:DatiCorrispettivi>`
const riepilogo22 = (ammontare: string, imposta = "0.00") =>
  `<Riepilogo><IVA><AliquotaIVA>22.00</AliquotaIVA><Imposta>${imposta}</Imposta></IVA><Ammontare>${ammontare}</Ammontare></Riepilogo>`

describe("parseCorrispettivi", () => {
  it("reads a real multi-rate Z (c1.xml): rates in basis points, amounts in cents, voids", () => {
    const c = parsed(sample("c1.xml"))
    expect(c).toMatchObject({ kind: "corrispettivi", version: "COR10", simulation: false, progressive: 10, detectedAt: "2017-04-06T12:01:42", date: "2017-04-06" })
    expect(c.perVat.slice(0, 3)).toEqual([
      { vat: { _tag: "rate", basisPoints: 400 }, amount: 3618, tax: 145, returns: 0, voids: 0 },
      { vat: { _tag: "rate", basisPoints: 1000 }, amount: 3045, tax: 169, returns: 0, voids: 1364 },
      { vat: { _tag: "rate", basisPoints: 2200 }, amount: 2869, tax: 0, returns: 0, voids: 2869 }
    ])
    expect(c.perVat.at(-1)).toEqual({ vat: { _tag: "natura", code: "N4" }, amount: 0, tax: 0, returns: 0, voids: 0 })
    expect(c.totals).toBeUndefined()
    expect(c.technicianInterventions).toEqual([])
  })

  it("reads an inactivity-period transmission", () => {
    const c = parsed(sample("RT_192.168.1.166_07_04_2017__10_16_26_3.xml"))
    expect(c.inactivePeriod).toEqual({ from: "2017-09-07T00:00:00", to: "2017-09-10T23:59:59" })
    expect(c.progressive).toBe(3)
    expect(c.perVat).toEqual([{ vat: { _tag: "natura", code: "N4" }, amount: 0, tax: 0, returns: 0, voids: 0 }])
  })

  it("reads ImportoParziale and Totali (spec v7+, rt_lug_2020.xml)", () => {
    const c = parsed(sample("rt_lug_2020.xml"))
    expect(c.perVat).toEqual([{ vat: { _tag: "natura", code: "N4" }, amount: 100, tax: 0, returns: 0, voids: 0, partialAmount: 100 }])
    expect(c.totals).toEqual({ documentCount: 1 })
  })

  it("summaries of rates and Naturas are core DailyVatTotals", () => {
    const totals: ReadonlyArray<DailyVatTotal> = parsed(sample("c1.xml")).perVat.map(({ vat, amount, tax, returns, voids }) => {
      if (vat._tag === "ventilazione") throw new Error("no ventilazione in c1.xml")
      return { vat, amount, tax, returns, voids }
    })
    expect(totals).toHaveLength(6)
  })

  it("reads every optional Riepilogo field, payments, tickets, device identity, interventions and signals", () => {
    const xml = cor10(
      `<Riepilogo><IVA><AliquotaIVA>10.00</AliquotaIVA><Imposta>9.09</Imposta></IVA><Ammontare>120.91</Ammontare>
        <ImportoParziale>90.91</ImportoParziale><TotaleAmmontareResi>10.00</TotaleAmmontareResi><TotaleAmmontareAnnulli>5.00</TotaleAmmontareAnnulli>
        <BeniInSospeso>1.00</BeniInSospeso><NonRiscossoServizi>2.00</NonRiscossoServizi><NonRiscossoFatture>3.00</NonRiscossoFatture>
        <TotaleDaFattureRT>4.00</TotaleDaFattureRT><NonRiscossoDCRaSSN>2.50</NonRiscossoDCRaSSN><NonRiscossoOmaggio>2.50</NonRiscossoOmaggio>
        <CodiceAttivita>561011</CodiceAttivita></Riepilogo>
       <Riepilogo><Natura>N2</Natura><Ammontare>-1.50</Ammontare><RifNormativo>art. 2</RifNormativo></Riepilogo>
       <Riepilogo><VentilazioneIVA>SI</VentilazioneIVA><Ammontare>3.00</Ammontare></Riepilogo>
       <Totali><NumeroDocCommerciali>42</NumeroDocCommerciali><PagatoContanti>50.00</PagatoContanti><PagatoElettronico>45.00</PagatoElettronico>
        <ScontoApagare>0.50</ScontoApagare><Ticket><PagatoTicket>8.00</PagatoTicket><NumeroTicket>2</NumeroTicket></Ticket></Totali>`,
      `<InterventoTecnico><CFTecnico>RSSMRA80A01H501U</CFTecnico><IdIVALaboratorio><IdPaese>IT</IdPaese><IdCodice>01234567890</IdCodice></IdIVALaboratorio>
        <DataOra>2024-02-28T10:00:00</DataOra><Codice>3</Codice><Note>verifica periodica</Note></InterventoTecnico>
       <Segnalazione><Matricola>99IEB004001</Matricola><DataOra>2024-02-29T09:00:00</DataOra><Codice>1</Codice></Segnalazione>`
    ).replace("<Formato>COR10</Formato>", "<Formato>COR10</Formato><Dispositivo><Tipo>MC</Tipo><IdDispositivo>CASSA-01</IdDispositivo></Dispositivo>")
    const c = parsed(xml.replace('versione="COR10"', 'versione="COR10" simulazione="true"'))
    expect(c.simulation).toBe(true)
    expect(c.device).toEqual({ type: "MC", id: "CASSA-01" })
    expect(c.perVat[0]).toEqual({
      vat: { _tag: "rate", basisPoints: 1000 },
      amount: 12091,
      tax: 909,
      returns: 1000,
      voids: 500,
      partialAmount: 9091,
      suspendedGoods: 100,
      uncollectedServices: 200,
      uncollectedInvoices: 300,
      fromRtInvoices: 400,
      uncollectedHealthService: 250,
      uncollectedGifts: 250,
      activityCode: 561011
    })
    expect(c.perVat[1]).toEqual({ vat: { _tag: "natura", code: "N2" }, amount: -150, tax: 0, returns: 0, voids: 0, legalReference: "art. 2" })
    expect(c.perVat[2]).toMatchObject({ vat: { _tag: "ventilazione" }, amount: 300 })
    expect(c.totals).toEqual({ documentCount: 42, paidCash: 5000, paidElectronic: 4500, discountAtPayment: 50, tickets: { amount: 800, count: 2 } })
    expect(c.technicianInterventions).toEqual([
      { technicianTaxCode: "RSSMRA80A01H501U", laboratoryVatId: { country: "IT", code: "01234567890" }, at: "2024-02-28T10:00:00", code: "3", note: "verifica periodica" }
    ])
    expect(c.signals).toEqual([{ matricola: "99IEB004001", at: "2024-02-29T09:00:00", code: "1" }])
  })

  it("reads vending-machine data (DatiDA)", () => {
    const fields = ["Venduto", "VendutoContante", "VendutoNoContante", "Incassato", "IncassatoRicarica", "IncassatoVendita", "TotaleResoTubiResto", "TotaleCaricatoTubiResto", "TotaleResoManualeTubiResto", "TotaleCaricatoManualeTubiResto"]
    const periodo = fields.map((f, i) => `<${f}>${i}.25</${f}>`).join("") + "<DataOraPrelievoPrec>2024-02-01T08:00:00</DataOraPrelievoPrec><ProgressivoPrelievo>12</ProgressivoPrelievo>"
    const xml = cor10("").replace("<DatiRT></DatiRT>", `<DatiDA><Periodo>${periodo}</Periodo></DatiDA>`)
    const c = parsed(xml)
    expect(c.perVat).toEqual([])
    expect(c.vending).toMatchObject({ mode: "period", previousWithdrawalAt: "2024-02-01T08:00:00", withdrawalProgressive: 12 })
    expect(c.vending?.amounts.Venduto).toBe(25)
    expect(c.vending?.amounts.TotaleCaricatoManualeTubiResto).toBe(925)
  })

  it("matches the root by namespace, not by prefix", () => {
    const otherPrefix = sample("c1.xml").replaceAll("p:DatiCorrispettivi", "zz:DatiCorrispettivi").replace("xmlns:p=", "xmlns:zz=")
    expect(parsed(otherPrefix).progressive).toBe(10)
    const wrongNamespace = cor10(riepilogo22("1.00")).replace("corrispettivi/dati/v1.0", "corrispettivi/dati/v9.9")
    expect(failure(wrongNamespace)).toMatchObject({
      _tag: "UnexpectedDocument",
      code: "ade_unexpected_document",
      found: "{http://ivaservizi.agenziaentrate.gov.it/docs/xsd/corrispettivi/dati/v9.9}DatiCorrispettivi"
    })
  })

  it("rejects an EsitoOperazione given as corrispettivi", () => {
    expect(failure(sample("evento_600.xml"))._tag).toBe("UnexpectedDocument")
  })

  it("holds amounts to the legal format: exactly two decimals, a dot, at most 11 integer digits", () => {
    for (const bad of ["12.5", "12,50", "12.500", "1e3", "", "123456789012.00", "+1.00", " 12 .00"]) {
      expect(failure(cor10(riepilogo22(bad))), bad).toMatchObject({ _tag: "InvalidField", code: "ade_invalid_field", path: "DatiRT/Riepilogo/Ammontare" })
    }
    expect(parsed(cor10(riepilogo22(" 12.50\n"))).perVat[0]?.amount).toBe(1250)
    expect(parsed(cor10(riepilogo22("99999999999.99"))).perVat[0]?.amount).toBe(9_999_999_999_999)
  })

  it("holds rates to nn.nn and at most 100.00", () => {
    const withRate = (rate: string) => cor10(riepilogo22("1.00").replace("22.00", rate))
    expect(failure(withRate("22"))).toMatchObject({ path: "DatiRT/Riepilogo/IVA/AliquotaIVA" })
    expect(failure(withRate("100.01"))).toMatchObject({ reason: "VAT rate cannot exceed 100.00" })
    expect(parsed(withRate("5.00")).perVat[0]?.vat).toEqual({ _tag: "rate", basisPoints: 500 })
  })

  it("names missing fields by path", () => {
    expect(failure(cor10(`<Riepilogo><Natura>N4</Natura></Riepilogo>${riepilogo22("1.00")}`))).toMatchObject({
      _tag: "MissingField",
      code: "ade_missing_field",
      path: "DatiRT/Riepilogo[1]/Ammontare"
    })
    expect(failure(cor10(riepilogo22("1.00")).replace(/<DataOraRilevazione>.*<\/DataOraRilevazione>/, ""))).toMatchObject({ path: "DataOraRilevazione" })
    expect(failure(cor10(""))).toMatchObject({ _tag: "MissingField", path: "DatiRT/Riepilogo" })
  })

  it("rejects bad dates, versions and progressives", () => {
    expect(failure(cor10(riepilogo22("1.00")).replace("2024-03-01T21:30:00", "01/03/2024"))).toMatchObject({ path: "DataOraRilevazione" })
    expect(failure(cor10(riepilogo22("1.00")).replace('versione="COR10"', 'versione="COR11"'))).toMatchObject({ path: "@versione" })
    expect(failure(cor10(riepilogo22("1.00")).replace("<Progressivo>7<", "<Progressivo>0<"))).toMatchObject({ path: "Trasmissione/Progressivo" })
  })

  it("returns MalformedXml for broken XML and DOCTYPEs", () => {
    expect(failure("<a><b></a>")).toMatchObject({ _tag: "MalformedXml", code: "ade_malformed_xml" })
    expect(failure("")).toMatchObject({ _tag: "MalformedXml" })
    expect(failure('<!DOCTYPE x [<!ENTITY e "1.00">]><x/>')).toMatchObject({ _tag: "MalformedXml", reason: "DOCTYPE declarations are not allowed" })
  })
})

describe("Ammontare is net of VAT (docs/corrispettivi.md)", () => {
  it("worked example: a 12.20 sale at 22% is Ammontare 10.00 + Imposta 2.20", () => {
    const { net, tax } = splitGross(1220, 2200)
    expect({ net, tax }).toEqual({ net: 1000, tax: 220 })
    const c = parsed(cor10(riepilogo22("10.00", "2.20")))
    expect(c.perVat[0]).toMatchObject({ amount: net, tax })
  })

  it("real device file: 22% Ammontare 40.98 + Imposta 9.02 is exactly a 50.00 gross day", () => {
    const c = parsed(sample("invalid_RT_192.168.1.166_07_04_2017__10_16_45_4.xml"))
    const day = c.perVat[0]!
    expect(day).toMatchObject({ vat: { _tag: "rate", basisPoints: 2200 }, amount: 4098, tax: 902 })
    expect(splitGross(day.amount + day.tax, 2200)).toEqual({ net: 4098, tax: 902 })
    // Read as gross, 40.98 at 22% would carry 7.39 of VAT, not 9.02.
    expect(splitGross(day.amount, 2200).tax).toBe(739)
  })

  it("real signed file: Imposta is the rate applied to Ammontare (4%: 36.18 → 1.45), not extracted from it (1.39)", () => {
    const fourPercent = parsed(sample("c1.xml")).perVat[0]!
    expect(fourPercent).toMatchObject({ amount: 3618, tax: 145 })
    expect(Math.round((fourPercent.amount * 400) / 10_000)).toBe(145)
    expect(splitGross(fourPercent.amount, 400).tax).toBe(139)
  })

  it("voids are in the same (net) base: a fully voided 22% day has Imposta 0", () => {
    expect(parsed(sample("c1.xml")).perVat[2]).toMatchObject({ amount: 2869, voids: 2869, tax: 0 })
  })

  it("expectedTax reproduces every Imposta the real devices declared", () => {
    const summaries = ["c1.xml", "invalid_RT_192.168.1.166_07_04_2017__10_16_45_4.xml", "rt_lug_2020.xml"].flatMap((n) => parsed(sample(n)).perVat)
    for (const s of summaries) expect(expectedTax(s), JSON.stringify(s)).toBe(s.vat._tag === "rate" ? s.tax : undefined)
    // c1.xml 10%: 3.045 → 3.05 minus 1.364 → 1.36 of voids = 1.69 (taxing the 16.81 difference would give 1.68).
    expect(expectedTax(parsed(sample("c1.xml")).perVat[1]!)).toBe(169)
    expect(expectedTax({ vat: { _tag: "rate", basisPoints: 2200 }, amount: -1000, tax: -220, returns: 0, voids: 0 })).toBe(-220)
  })
})
