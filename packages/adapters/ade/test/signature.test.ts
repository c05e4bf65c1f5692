import { describe, expect, it } from "vitest"
import { signerMatchesMatricola, verifySignature } from "../src/index.js"
import { NOW, response, responseNames, sample } from "./fixtures.js"

/** Signer CN of each signed sample (the device matricola). */
const SIGNED_SAMPLES = {
  "RT_192.168.1.166_07_04_2017__10_16_26_3.xml": "72IU8000105",
  "c1.xml": "96MKR000111",
  "evento_600.xml": "88S25000198",
  "rt_lug_2020.xml": "72MAA000001"
} as const

describe("verifySignature", () => {
  for (const [name, cn] of Object.entries(SIGNED_SAMPLES)) {
    it(`verifies ${name}, signed by ${cn}, despite its expired test certificate`, () => {
      const report = verifySignature(sample(name), { now: NOW })
      expect(report).toMatchObject({ present: true, valid: true, signerCn: cn })
      expect(report.reason).toBeUndefined()
      expect(report.certificate?.expired).toBe(true)
      expect(report.algorithms).toEqual({
        signature: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        digest: "http://www.w3.org/2001/04/xmlenc#sha256",
        canonicalization: "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
      })
      expect(signerMatchesMatricola(report, cn)).toBe(true)
      expect(signerMatchesMatricola(report, ` ${cn.toLowerCase()} `)).toBe(true)
      expect(signerMatchesMatricola(report, "99IEB004001")).toBe(false)
    })
  }

  it("reports certificate dates and expiry relative to the clock", () => {
    const xml = sample("rt_lug_2020.xml")
    const report = verifySignature(xml, { now: new Date("2021-06-01T00:00:00Z") })
    expect(report.certificate).toMatchObject({ notBefore: "2019-11-21T15:14:28.000Z", notAfter: "2022-11-21T15:14:28.000Z", expired: false })
    expect(report.certificate?.issuer).toContain("CN=Sogei Certification Authority Test")
  })

  it("verifies files signed as-is without whitespace normalisation, and flags the re-indented c1.xml", () => {
    expect(verifySignature(sample("rt_lug_2020.xml")).whitespaceNormalised).toBe(false)
    // c1.xml was signed compact and pretty-printed afterwards: only its insignificant whitespace changed.
    expect(verifySignature(sample("c1.xml")).whitespaceNormalised).toBe(true)
  })

  const amountEdits: ReadonlyArray<[string, string, string]> = [
    ["RT_192.168.1.166_07_04_2017__10_16_26_3.xml", "<Ammontare>0.00</Ammontare>", "<Ammontare>0.01</Ammontare>"],
    ["c1.xml", "<Ammontare>36.18</Ammontare>", "<Ammontare>36.19</Ammontare>"],
    ["c1.xml", "<Imposta>1.45</Imposta>", "<Imposta>1.46</Imposta>"],
    ["rt_lug_2020.xml", "<Ammontare>1.00</Ammontare>", "<Ammontare>7.00</Ammontare>"],
    ["rt_lug_2020.xml", "<ImportoParziale>1.00</ImportoParziale>", "<ImportoParziale>1.01</ImportoParziale>"]
  ]
  for (const [name, from, to] of amountEdits) {
    it(`fails when one amount digit changes in ${name} (${from} → ${to})`, () => {
      const xml = sample(name)
      expect(xml).toContain(from)
      const report = verifySignature(xml.replace(from, to), { now: NOW })
      expect(report.valid).toBe(false)
      expect(report.reason).toMatch(/digest|signature/i)
      expect(report.signerCn).toBe(SIGNED_SAMPLES[name as keyof typeof SIGNED_SAMPLES])
    })
  }

  it("fails when the event code of a signed event changes", () => {
    expect(verifySignature(sample("evento_600.xml").replace("<Codice>00600</Codice>", "<Codice>00608</Codice>")).valid).toBe(false)
  })

  it("reports an unsigned document as not present", () => {
    const report = verifySignature(sample("invalid_RT_192.168.1.166_07_04_2017__10_16_45_4.xml"))
    expect(report).toMatchObject({ present: false, valid: false, reason: "the document is not signed" })
  })

  it("refuses a signature that does not cover the whole document", () => {
    const xml = sample("rt_lug_2020.xml").replace('<ds:Reference URI="">', '<ds:Reference URI="#x">')
    expect(verifySignature(xml)).toMatchObject({ valid: false, reason: 'the Reference must cover the whole document (URI="")' })
  })

  it("refuses a second signature (wrapping)", () => {
    const xml = sample("rt_lug_2020.xml")
    const signature = xml.slice(xml.indexOf("<ds:Signature"), xml.indexOf("</ds:Signature>") + "</ds:Signature>".length)
    const wrapped = xml.replace("<DatiRT>", `<DatiRT>${signature}`)
    expect(verifySignature(wrapped)).toMatchObject({ valid: false, reason: "expected exactly one ds:Signature, as a child of the root" })
  })

  it("refuses SHA-1 signatures", () => {
    const xml = sample("rt_lug_2020.xml").replace("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "http://www.w3.org/2000/09/xmldsig#rsa-sha1")
    expect(verifySignature(xml).reason).toBe("signature algorithm not allowed: http://www.w3.org/2000/09/xmldsig#rsa-sha1")
  })

  it("fails when the embedded certificate is another device's", () => {
    const other = sample("evento_600.xml")
    const certOf = (xml: string) => /<ds:X509Certificate>([^<]*)<\/ds:X509Certificate>/.exec(xml)![1]!
    const xml = sample("rt_lug_2020.xml")
    const report = verifySignature(xml.replace(certOf(xml), certOf(other)))
    expect(report).toMatchObject({ valid: false, signerCn: "88S25000198" })
  })

  it("verifies every AdE reply, signed by the AdE service certificate", () => {
    for (const name of responseNames()) {
      const report = verifySignature(response(name), { now: NOW })
      expect(report, name).toMatchObject({ valid: true, signerCn: "Servizio AE Corrispettivi IVA" })
    }
  })

  it("never throws on malformed input", () => {
    expect(verifySignature("<a>").valid).toBe(false)
    expect(verifySignature("").present).toBe(false)
  })
})

describe("a corrupt certificate key", () => {
  it("is a failure with a reason, never a throw", () => {
    const xml = response("Lotteria_Error.SC.00000.xml")
    // One character inside the certificate's SubjectPublicKeyInfo: OpenSSL can no longer decode the key.
    const corrupt = xml.replace("hkiG9w0BAQEF", "hkiG0w0BAQEF")
    expect(corrupt).not.toBe(xml)
    const report = verifySignature(corrupt)
    expect(report.valid).toBe(false)
    expect(report.reason).toMatch(/public key|certificate/)
  })
})

describe("a corrupt certificate validity date", () => {
  it("is a failure with a reason, never a throw", () => {
    const xml = response("Corrispettivi_00200.xml")
    // "160601092801Z" becomes "16:601092801Z": OpenSSL still parses it, but no Date can hold it.
    const corrupt = xml.replace("Fw0xNjA2MDEwOTI4MDFa", "Fw0xNjA6MDEwOTI4MDFa")
    expect(corrupt).not.toBe(xml)
    const report = verifySignature(corrupt)
    expect(report.valid).toBe(false)
    expect(report.reason).toMatch(/certificate/i)
  })
})
