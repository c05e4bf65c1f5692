import { X509Certificate } from "node:crypto"
import { readFileSync } from "node:fs"
import { DOMParser, type Element } from "@xmldom/xmldom"
import { SignedXml } from "xml-crypto"
import { validateXML } from "xmllint-wasm"
import { afterEach, describe, expect, it } from "vitest"
import { ADE_SUBJECT, type EpsonSimulator, deviceSubject, generateCredentials, startEpsonSimulator } from "../src/simulator/index.js"
import { directIo, fpmate, manualClock, queryStatus, referenceLine, refundXml, saleXml, voidXml, xReport, zReport } from "./simulator-client.js"

const SPEC = "/work/shared/spec/ade"
const COR10_XSD = "CorrispettiviTypes_v1.0.xsd"
const MESSAGES_XSD = "CorrispettiviMessaggiTypes_v1.0.xsd"
const DSIG_XSD = "xmldsig-core-schema.xsd"

const validate = async (xml: string, schema: string) => {
  const result = await validateXML({
    xml: { fileName: "file.xml", contents: xml },
    schema: { fileName: schema, contents: readFileSync(`${SPEC}/${schema}`, "utf8") },
    preload: [{ fileName: DSIG_XSD, contents: readFileSync(`${SPEC}/${DSIG_XSD}`, "utf8") }]
  })
  return result.errors.map((e) => e.rawMessage)
}

/** Verifies an enveloped XMLDSig against the certificate embedded in its own KeyInfo. */
const verifySignature = (xml: string) => {
  const document = new DOMParser().parseFromString(xml, "text/xml")
  const signature = document.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature")[0]!
  const certificate = signature.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "X509Certificate")[0]!.textContent!.replace(/\s/g, "")
  // 64-character lines; a certificate whose base64 is a multiple of 64 long must not end in a blank line.
  const pem = `-----BEGIN CERTIFICATE-----\n${certificate.match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----\n`
  const verifier = new SignedXml({ publicCert: pem })
  verifier.loadSignature(signature as unknown as Parameters<SignedXml["loadSignature"]>[0])
  return { valid: verifier.checkSignature(xml), subject: new X509Certificate(pem).subject }
}

/** Children of the first `name` element, by local name → text. */
const rows = (xml: string, name: string) => {
  const document = new DOMParser().parseFromString(xml, "text/xml")
  return [...(document.getElementsByTagName(name) as unknown as Iterable<Element>)].map((e) => {
    const values: Record<string, string> = {}
    for (const child of e.getElementsByTagName("*") as unknown as Iterable<Element>) values[child.localName!] = child.textContent ?? ""
    return values
  })
}

const cents = (text: string | undefined) => Math.round(Number(text ?? "0") * 100)

describe("the Epson RT simulator's daily closure", () => {
  let sim: EpsonSimulator
  afterEach(() => sim.close())
  const start = async (state = {}, at = "2024-05-02T10:00:00Z") => {
    const clock = manualClock(at)
    sim = await startEpsonSimulator({ clock: clock.clock, state })
    return clock
  }
  const send = (root: string) => fpmate(sim.url, root)
  const archiveFiles = async (folder: string) => {
    const listing = await (await fetch(`${sim.url}/www/dati-rt/${folder}/`)).text()
    const names = [...listing.matchAll(/href="([^"/]+)"/g)].map((m) => m[1]!)
    const read = async (suffix: RegExp) => {
      const name = names.find((n) => suffix.test(n))
      return name ? { name, body: await (await fetch(`${sim.url}/www/dati-rt/${folder}/${name}`)).text() } : undefined
    }
    return { names, corrisp: await read(/-CORRISP\.xml$/), esito: await read(/-ESITO-\d+\.xml$/), zreport: await read(/-ZREPORT\.txt$/) }
  }

  it("writes an XSD-valid COR10, signed by the device certificate, whose totals are what was sold", async () => {
    await start({ closures: 6 })
    // 22%: 12.20 + 2 × 3.05 = 18.30; 10%: 5.50; 4%: 2.08; N4 exempt: 7.00 — paid partly by card.
    const sale = saleXml(
      [
        { unitPrice: "12,20", department: 1 },
        { unitPrice: "3,05", quantity: "2", department: 1 },
        { unitPrice: "5,50", department: 2 },
        { unitPrice: "2,08", department: 3 },
        { unitPrice: "7,00", department: 5 }
      ],
      [[2, "20,00"], [0, "20,00"]]
    )
    const sold = await send(sale)
    const voidedSale = await send(saleXml([{ unitPrice: "10,00", department: 2 }], [[0, "10,00"]]))
    await send(refundXml(referenceLine("REFUND", 7, Number(sold.info.fiscalReceiptNumber), "2024-05-02", sim.matricola), [{ unitPrice: "3,05", department: 1 }]))
    await send(voidXml(referenceLine("VOID", 7, Number(voidedSale.info.fiscalReceiptNumber), "2024-05-02", sim.matricola)))
    const z = await send(zReport)
    // Sold 32.88 + 10.00, refunded 3.05, voided 10.00.
    expect(z.info).toMatchObject({ zRepNumber: "7", dailyAmount: "29,83" })

    const { names, corrisp, zreport } = await archiveFiles("20240502")
    expect(names).toEqual([
      `${sim.matricola}-20240502T120000-0007-CORRISP.xml`,
      `${sim.matricola}-20240502T120000-0007-ESITO-1845900007.xml`,
      `${sim.matricola}-20240502T120000-0007-ZREPORT.txt`
    ])
    expect(await validate(corrisp!.body, COR10_XSD)).toEqual([])
    expect(await validate(readFileSync(`${SPEC}/samples/invalid_RT_192.168.1.166_07_04_2017__10_16_45_4.xml`, "utf8"), COR10_XSD)).not.toEqual([])
    expect(verifySignature(corrisp!.body)).toMatchObject({ valid: true, subject: expect.stringContaining(`CN=${sim.matricola}`) })
    expect(verifySignature(corrisp!.body.replace("<Ammontare>", "<Ammontare>1"))).toMatchObject({ valid: false })

    const riepiloghi = rows(corrisp!.body, "Riepilogo")
    const byVat = Object.fromEntries(riepiloghi.map((r) => [r.AliquotaIVA ?? r.Natura, r]))
    expect(Object.keys(byVat).sort()).toEqual(["10.00", "22.00", "4.00", "N4"])
    // Ammontare is the taxable base of all sales at the rate, Resi/Annulli in the same base, and
    // Imposta the tax on what remains: net takings = Ammontare − Resi − Annulli + Imposta.
    const taken = (r: Record<string, string>) => cents(r.Ammontare) - cents(r.TotaleAmmontareResi) - cents(r.TotaleAmmontareAnnulli) + cents(r.Imposta)
    expect(byVat["22.00"]).toMatchObject({ Ammontare: "15.00", TotaleAmmontareResi: "2.50", Imposta: "2.75" })
    expect(taken(byVat["22.00"]!)).toBe(1830 - 305)
    expect(byVat["10.00"]).toMatchObject({ Ammontare: "14.09", TotaleAmmontareAnnulli: "9.09", Imposta: "0.50" })
    expect(taken(byVat["10.00"]!)).toBe(550 + 1000 - 1000)
    expect(byVat["4.00"]).toMatchObject({ Ammontare: "2.00", Imposta: "0.08" })
    expect(byVat.N4).toMatchObject({ Ammontare: "7.00" })
    expect(riepiloghi.reduce((s, r) => s + taken(r), 0)).toBe(2983)
    expect(rows(corrisp!.body, "Totali")[0]).toMatchObject({ NumeroDocCommerciali: "4", PagatoContanti: "22.88", PagatoElettronico: "20.00" })
    expect(rows(corrisp!.body, "Trasmissione")[0]).toMatchObject({ Progressivo: "7", Formato: "COR10" })
    expect(zreport!.body).toMatch(/CHIUSURA GIORNALIERA N\.\s+7\r\n/)
    expect(zreport!.body).toMatch(/TOTALE GIORNO VENDITE\s+29,83\r\n/)
    expect(zreport!.body).toMatch(/NUMERO DOCUMENTI COMMERCIALI\s+4\r\n/)
  })

  it("restarts numbering after Z, and reports the transmission through 9217 and a signed ESITO", async () => {
    const clock = await start()
    await send(saleXml([{ unitPrice: "1,00", department: 1 }], [[0, "1,00"]]))
    expect((await send(xReport)).info).toMatchObject({ dailyAmount: "1,00" })
    expect((await send(zReport)).info.zRepNumber).toBe("1")
    expect((await send(saleXml([{ unitPrice: "2,00", department: 1 }], [[0, "2,00"]]))).info).toMatchObject({ zRepNumber: "2", fiscalReceiptNumber: "1" })
    const found = (await send(directIo("9217", "0001"))).info.responseData!
    expect({ result: found[0], z: found.slice(1, 5), date: found.slice(5, 13), id: found.slice(13, 25) }).toEqual({ result: "0", z: "0001", date: "02052024", id: "001845900001" })
    expect((await send(directIo("9217", "0002"))).info.responseData![0]).toBe("1")
    const { esito } = await archiveFiles("20240502")
    expect(await validate(esito!.body, MESSAGES_XSD)).toEqual([])
    expect(verifySignature(esito!.body).valid).toBe(true)
    // A Z with nothing sold still transmits a zero file.
    clock.set("2024-05-02T19:00:00Z")
    await send(zReport)
    await send(zReport)
    const [, , third] = await sim.control.closures()
    expect(third).toMatchObject({ z: 3, total: 0, documents: 0 })
  })

  it("signs with the keys it is given: its own for the COR10, a shared AdE key for the ESITO", async () => {
    const from = new Date("2024-01-01T00:00:00Z")
    const until = new Date("2030-01-01T00:00:00Z")
    const [device, ade] = await Promise.all([
      generateCredentials(deviceSubject("99MEY000042"), from, until),
      generateCredentials({ ...ADE_SUBJECT, commonName: "Chiave AdE condivisa" }, from, until)
    ])
    sim = await startEpsonSimulator({ clock: manualClock("2024-05-02T10:00:00Z").clock, matricola: "99MEY000042", credentials: device, adeCredentials: ade })
    expect(sim.certificatePem).toBe(device.certificatePem)
    await send(saleXml([{ unitPrice: "1,00", department: 1 }], [[0, "1,00"]]))
    await send(zReport)
    const { corrisp, esito } = await archiveFiles("20240502")
    expect(verifySignature(corrisp!.body)).toMatchObject({ valid: true, subject: expect.stringContaining("CN=99MEY000042") })
    expect(verifySignature(esito!.body)).toMatchObject({ valid: true, subject: expect.stringContaining("CN=Chiave AdE condivisa") })
    // The certificate the device reports expiring (rtExpiryCD) is the one it was given.
    expect((await sim.control.state()).conditions.certificateExpiry).toBe("2030-01-01")
  })

  it("keeps transmissions queued or rejected as AdE decides, counted in the RT status", async () => {
    await start({ transmission: "queued" })
    await send(zReport)
    expect((await send(directIo("9217", "0001"))).info.responseData![0]).toBe("2")
    expect((await send(queryStatus(1))).info).toMatchObject({ rtFileToSend: "1", rtFileRejected: "0" })
    const [delivered] = await sim.control.deliverTransmissions("rejected")
    expect(delivered).toMatchObject({ z: 1, state: "rejected", id: "1845900001" })
    expect((await send(queryStatus(1))).info).toMatchObject({ rtFileToSend: "0", rtFileRejected: "1" })
    const { esito } = await archiveFiles(delivered!.folder)
    expect(esito!.body).toContain("<Codice>00200</Codice>")
  })

  it("declares the days without a closure as PeriodoInattivo, and marks training files as simulations", async () => {
    await start({ lastClosureDate: "2024-04-27", trainingMode: true })
    await send(saleXml([{ unitPrice: "1,00", department: 1 }], [[0, "1,00"]]))
    await send(zReport)
    const { corrisp } = await archiveFiles("20240502")
    expect(await validate(corrisp!.body, COR10_XSD)).toEqual([])
    expect(rows(corrisp!.body, "PeriodoInattivo")[0]).toEqual({ Dal: "2024-04-28T00:00:00", Al: "2024-05-01T23:59:59" })
    expect(corrisp!.body).toContain(`simulazione="true"`)
  })

  it("refuses documents when a day opened earlier still waits for its Z, then closes it", async () => {
    const clock = await start()
    await send(saleXml([{ unitPrice: "1,00", department: 1 }], [[0, "1,00"]]))
    clock.set("2024-05-03T08:00:00Z")
    expect((await send(queryStatus(1))).info).toMatchObject({ rtDailyOpen: "1", rtNoWorkingPeriod: "1" })
    expect(await send(saleXml([{ unitPrice: "1,00", department: 1 }], [[0, "1,00"]]))).toMatchObject({ success: false, status: "17" })
    expect((await send(zReport)).info).toMatchObject({ zRepNumber: "1", dailyAmount: "1,00" })
    expect((await send(queryStatus(1))).info).toMatchObject({ rtDailyOpen: "0", rtNoWorkingPeriod: "0" })
    expect((await archiveFiles("20240503")).names).toHaveLength(3)
  })
})
