import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Harness, createHarness } from "./support/harness.js"

/** Files from real RT devices and AdE's own replies (shared/spec/ade, external oracles), archived through the API. */
const SPEC = fileURLToPath(new URL("../../../../shared/spec/ade/", import.meta.url))
const read = (path: string) => readFileSync(`${SPEC}${path}`, "utf8")

describe("archiving real AdE files", () => {
  let h: Harness
  const upload = (fileName: string, xml: string) => h.call("POST", "/v1/corrispettivi", { auth: h.testKey, body: { fileName, xml } })

  beforeAll(async () => {
    h = await createHarness()
  })
  afterAll(() => h?.close())

  it("a real device's signed COR10 is verified and indexed; its unknown matricola raises the census alarm", async () => {
    const res = await upload("c1.xml", read("samples/c1.xml"))
    expect(res.status).toBe(201)
    const { file } = res.body
    expect(file).toMatchObject({ kind: "corrispettivi", source: "upload", verification: { state: "verified", xsdValid: true, signatureValid: true, totalsConsistent: true, problems: [] } })
    expect(file.matricola).toBe(file.verification.signerCn)
    expect(file.deviceId).toBeUndefined()
    const exported = await h.call("GET", `/v1/corrispettivi/export?from=${file.day}&to=${file.day}`, { auth: h.testKey })
    expect(exported.body.rows.length).toBeGreaterThan(0)
    expect(exported.body.rows.every((r: any) => r.fileId === file.id && r.day === file.day)).toBe(true)
    const census = (await h.call("GET", "/v1/alarms?type=device.unknown", { auth: h.testKey })).body.data
    expect(census.map((a: any) => a.details.matricola)).toEqual([file.matricola])
  })

  it("a file that fails the official XSD is kept, marked failed, with an alarm", async () => {
    const res = await upload("invalid.xml", read("samples/invalid_RT_192.168.1.166_07_04_2017__10_16_45_4.xml"))
    expect(res.status).toBe(201)
    expect(res.body.file.verification).toMatchObject({ state: "failed", xsdValid: false })
    const alarms = (await h.call("GET", "/v1/alarms?type=corrispettivi.unverified", { auth: h.testKey })).body.data
    expect(alarms.map((a: any) => a.details.fileId)).toEqual([res.body.file.id])
  })

  it("a device event and AdE's rejection are archived with their content", async () => {
    const event = await upload("evento_600.xml", read("samples/evento_600.xml"))
    expect(event.body.file).toMatchObject({ kind: "evento", day: "2019-09-26", event: { event: "FUORI_SERVIZIO", detailCode: "00600" }, verification: { signatureValid: true } })
    const esito = await upload("Corrispettivi_00200.xml", read("responses/Corrispettivi_00200.xml"))
    expect(esito.status).toBe(201)
    expect(esito.body.file).toMatchObject({ kind: "esito", esito: { outcome: "rejected", errors: [{ code: "00200" }] }, verification: { signatureValid: true } })
    const rejected = (await h.call("GET", "/v1/alarms?type=transmission.rejected", { auth: h.testKey })).body.data
    expect(rejected).toEqual([expect.objectContaining({ severity: "critical", details: expect.objectContaining({ adeCode: "00200", transmissionId: esito.body.file.esito.operationId }) })])
  })
})
