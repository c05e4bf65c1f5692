import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { inflateRawSync } from "node:zlib"
import { createHash } from "node:crypto"
import { type DeviceError, FiscalPrinter, type FiscalPrinterShape, type SaleDocument, type Store, type TenantScope, createFisco } from "@fisco/core"
import { EpsonRtConfig, epsonRtDriver } from "@fisco/driver-epson-rt"
import { type EpsonSimulator, startEpsonSimulator } from "@fisco/driver-epson-rt/simulator"
import { createSqliteStore } from "@fisco/store-sqlite"
import { Effect, Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createJsonLogger, createServer, issueApiKey } from "../src/index.js"
import { createAdeVerifier } from "../src/archive/ade-verifier.js"

const ADE = fileURLToPath(new URL("../../../../shared/spec/ade/", import.meta.url))
const TOKEN_SECRET = "test-token-secret-of-at-least-32-bytes!"

const line = (description: string, gross: number, basisPoints: number) => ({ description, quantityMilli: 1000, unitPrice: gross, amount: gross, vat: { _tag: "rate" as const, basisPoints } })
const sale = (...lines: ReturnType<typeof line>[]): SaleDocument => ({
  lines: lines as unknown as SaleDocument["lines"],
  payments: [{ method: "cash", amount: lines.reduce((s, l) => s + l.amount, 0) }]
})

/** The entries of a zip, read back from its central directory (stored or deflated). */
const readZip = (zip: Buffer): Map<string, Buffer> => {
  const entries = new Map<string, Buffer>()
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  const count = zip.readUInt16LE(end + 10)
  let at = zip.readUInt32LE(end + 16)
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50)
    const method = zip.readUInt16LE(at + 10)
    const compressedSize = zip.readUInt32LE(at + 20)
    const size = zip.readUInt32LE(at + 24)
    const nameLength = zip.readUInt16LE(at + 28)
    const extraLength = zip.readUInt16LE(at + 30)
    const commentLength = zip.readUInt16LE(at + 32)
    const local = zip.readUInt32LE(at + 42)
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString("utf8")
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    const raw = zip.subarray(dataAt, dataAt + compressedSize)
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw)
    expect(data.length).toBe(size)
    entries.set(name, data)
    at += 46 + nameLength + extraLength + commentLength
  }
  return entries
}

describe("corrispettivi archive and AdE outcomes, end to end with a simulated Epson RT", { timeout: 120_000 }, () => {
  let dir: string
  let store: Store
  let sim: EpsonSimulator
  let app: ReturnType<typeof createServer>
  let key: string
  let otherKey: string
  let deviceId: string
  let scope: TenantScope

  const call = async (method: string, path: string, options: { auth?: string; body?: unknown; raw?: string; contentType?: string } = {}) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${options.auth ?? key}` }
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body))
    if (body !== undefined) headers["Content-Type"] = options.contentType ?? "application/json"
    const res = await app.request(path, { method, headers, ...(body === undefined ? {} : { body }) })
    const buffer = Buffer.from(await res.arrayBuffer())
    let json: any
    try {
      json = JSON.parse(buffer.toString("utf8"))
    } catch {
      json = undefined
    }
    return { status: res.status, headers: res.headers, buffer, text: buffer.toString("utf8"), body: json }
  }
  const printer = <A>(use: (p: FiscalPrinterShape) => Effect.Effect<A, DeviceError>) =>
    Effect.runPromise(
      Effect.flatMap(FiscalPrinter, use).pipe(Effect.provide(epsonRtDriver.make(Schema.decodeUnknownSync(EpsonRtConfig)({ url: sim.url }), { livemode: false })))
    )
  const poll = async () => {
    const res = await call("POST", `/v1/devices/${deviceId}/polls`)
    expect(res.status).toBe(201)
  }
  const files = async (query = "") => (await call("GET", `/v1/corrispettivi?device_id=${deviceId}${query}`)).body.data as any[]

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "fisco-archive-"))
    store = createSqliteStore({ filename: join(dir, "fisco.sqlite") })
    await store.migrate()
    sim = await startEpsonSimulator({ matricola: "99MEY054321" })
    app = createServer({ store, drivers: [epsonRtDriver], tokenSecret: TOKEN_SECRET, logger: createJsonLogger({ write: () => {} }), corrispettiviVerifier: createAdeVerifier({ schemaDir: ADE }) })
    const fisco = createFisco({ store, drivers: [epsonRtDriver] })
    const tenant = await fisco.tenants.create({ name: "Catena negozi" })
    const other = await fisco.tenants.create({ name: "Another chain" })
    key = (await issueApiKey(store, { tenantId: tenant.id, name: "ops", livemode: false, scopes: ["*"] })).secret
    otherKey = (await issueApiKey(store, { tenantId: other.id, name: "ops", livemode: false, scopes: ["*"] })).secret
    scope = { tenantId: tenant.id, livemode: false }
    const site = await call("POST", "/v1/sites", {
      body: { name: "Negozio centro", address: { line1: "Via Roma 1", city: "Milano", postalCode: "20121", country: "IT" }, timezone: "Europe/Rome" }
    })
    const device = await call("POST", "/v1/devices", {
      body: { siteId: site.body.id, kind: "rt-printer", vendor: "Epson", model: "FP-81 II RT", serial: sim.matricola, driver: { id: "epson-rt", config: { url: sim.url } } }
    })
    expect(device.status).toBe(201)
    deviceId = device.body.id
  })
  afterAll(async () => {
    await sim?.close()
    await store?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it("a closed day reaches the archive through the device poll: CORRISP and ESITO verified, VAT index equal to the sale", async () => {
    // 12.20 at 22% = 10.00 + 2.20 VAT; 11.00 at 10% = 10.00 + 1.00 VAT.
    await printer((p) => p.printSale(sale(line("Pane", 1220, 2200), line("Latte", 1100, 1000))))
    await printer((p) => p.printSale(sale(line("Vino", 2440, 2200))))
    const closure = await printer((p) => p.dailyClosure)
    await poll()

    const archived = await files()
    expect(archived.map((f) => f.kind).sort()).toEqual(["corrispettivi", "esito"])
    for (const f of archived) expect(f).toMatchObject({ deviceId, matricola: sim.matricola, source: "poll", zNumber: closure.zNumber, verification: { state: "verified", problems: [] } })
    const corrisp = archived.find((f) => f.kind === "corrispettivi")
    expect(corrisp.verification).toMatchObject({ xsdValid: true, signatureValid: true, signerCn: sim.matricola, signerMatchesMatricola: true, totalsConsistent: true })
    expect(archived.find((f) => f.kind === "esito").esito).toMatchObject({ outcome: "accepted", errors: [] })

    const totals = await store.corrispettivi.dailyTotals(scope, { deviceId: deviceId as never, from: closure.date, to: closure.date })
    const byRate = Object.fromEntries(totals.map((t) => [t.vat._tag === "rate" ? t.vat.basisPoints : t.vat.code, t]))
    expect(Object.keys(byRate).sort()).toEqual(["1000", "2200"])
    // Ammontare is net of VAT: 12.20 + 24.40 at 22% → 30.00 + 6.60; 11.00 at 10% → 10.00 + 1.00.
    expect(byRate[2200]).toMatchObject({ zNumber: closure.zNumber, day: closure.date, amount: 3000, tax: 660, returns: 0, voids: 0 })
    expect(byRate[1000]).toMatchObject({ zNumber: closure.zNumber, amount: 1000, tax: 100 })
    expect(byRate[2200]!.amount + byRate[2200]!.tax + byRate[1000]!.amount + byRate[1000]!.tax).toBe(1220 + 1100 + 2440)
    expect(closure.total).toBe(1220 + 1100 + 2440)

    const transmissions = (await call("GET", `/v1/devices/${deviceId}/transmissions`)).body.data
    expect(transmissions).toEqual([expect.objectContaining({ zNumber: closure.zNumber, state: "accepted", transmissionId: expect.any(String), corrispettiviFileId: corrisp.id })])

    // The raw file comes back byte for byte, with its hash.
    const xml = await call("GET", `/v1/corrispettivi/${corrisp.id}/xml`)
    expect(xml.status).toBe(200)
    expect(xml.headers.get("content-type")).toMatch(/application\/xml/)
    expect(xml.headers.get("x-content-sha256")).toBe(corrisp.sha256)
    expect(createHash("sha256").update(xml.buffer).digest("hex")).toBe(corrisp.sha256)

    // A second poll finds nothing new.
    await poll()
    expect(await files()).toHaveLength(2)
  })

  it("the quadratura reads the archive: back-office receipts equal to the sales match on every rate", async () => {
    const [corrisp] = await files("&kind=corrispettivi")
    const day = corrisp.day
    const receipt = (documentId: string, lines: ReturnType<typeof line>[]) => {
      const total = lines.reduce((s, l) => s + l.amount, 0)
      return call("POST", "/v1/receipts", { body: { deviceId, businessDay: day, documentId, lines, payments: [{ method: "cash", amount: total }], total } })
    }
    expect((await receipt("BO-1", [line("Pane", 1220, 2200), line("Latte", 1100, 1000)])).status).toBe(201)
    expect((await receipt("BO-2", [line("Vino", 2440, 2200)])).status).toBe(201)
    const report = await call("GET", `/v1/quadratura?from=${day}&to=${day}&device_id=${deviceId}`)
    expect(report.status).toBe(200)
    expect(report.body.data.map((r: any) => [r.vat.basisPoints, r.status]).sort()).toEqual([[1000, "match"], [2200, "match"]])
  })

  it("re-ingesting the same file is a no-op that returns the stored file", async () => {
    const [corrisp] = await files("&kind=corrispettivi")
    const xml = (await call("GET", `/v1/corrispettivi/${corrisp.id}/xml`)).text
    const asXml = await call("POST", "/v1/corrispettivi", { raw: xml, contentType: "application/xml" })
    expect(asXml.status).toBe(200)
    expect(asXml.body).toMatchObject({ duplicate: true, file: { id: corrisp.id, sha256: corrisp.sha256, source: "poll" } })
    const asJson = await call("POST", "/v1/corrispettivi", { body: { xml } })
    expect(asJson.body).toMatchObject({ duplicate: true, file: { id: corrisp.id } })
    expect(await files()).toHaveLength(2)
  })

  it("an upload honours Idempotency-Key, and a file of a matricola no device has raises the census alarm", async () => {
    const unknown = await startEpsonSimulator({ matricola: "99MEY099999" })
    try {
      const config = Schema.decodeUnknownSync(EpsonRtConfig)({ url: unknown.url })
      const run = <A>(use: (p: FiscalPrinterShape) => Effect.Effect<A, DeviceError>) => Effect.runPromise(Effect.flatMap(FiscalPrinter, use).pipe(Effect.provide(epsonRtDriver.make(config, { livemode: false }))))
      await run((p) => p.printSale(sale(line("Acqua", 100, 2200))))
      const closure = await run((p) => p.dailyClosure)
      const [ref] = (await run((p) => p.fiscalFiles(closure.date))).filter((f) => f.kind === "corrispettivi")
      const xml = await run((p) => p.readFiscalFile(ref!))
      const post = () =>
        app.request("/v1/corrispettivi", { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/xml", "Idempotency-Key": "upload-1" }, body: xml })
      const first = await post()
      expect(first.status).toBe(201)
      const firstBody = (await first.json()) as any
      expect(firstBody.file).toMatchObject({ matricola: "99MEY099999", verification: { state: "verified" } })
      expect(firstBody.file.deviceId).toBeUndefined()
      const replay = await post()
      expect(replay.headers.get("idempotent-replayed")).toBe("true")
      expect(((await replay.json()) as any).file.id).toBe(firstBody.file.id)
      const census = (await call("GET", "/v1/alarms?type=device.unknown")).body.data
      expect(census).toEqual([expect.objectContaining({ details: expect.objectContaining({ matricola: "99MEY099999", source: "archive" }) })])
    } finally {
      await unknown.close()
    }
  })

  it("a transmission AdE rejects shows as rejected with AdE's code and description, and raises exactly one alarm", async () => {
    await call("GET", "/v1/alarms") // nothing to assert yet: the device had no rejection
    await sim.control.setConditions({ transmission: "rejected" })
    await printer((p) => p.printSale(sale(line("Caffè", 110, 1000))))
    const closure = await printer((p) => p.dailyClosure)
    await poll()
    await poll()

    const rejected = (await call("GET", "/v1/transmissions?state=rejected")).body.data
    expect(rejected).toEqual([
      expect.objectContaining({ deviceId, zNumber: closure.zNumber, state: "rejected", adeCode: "00200", adeDescription: 'Dispositivo non "ATTIVATO"', errors: [{ code: "00200", description: 'Dispositivo non "ATTIVATO"' }] })
    ])
    const alarms = (await call("GET", `/v1/alarms?type=transmission.rejected&device_id=${deviceId}`)).body.data
    expect(alarms).toHaveLength(1)
    expect(alarms[0]).toMatchObject({ severity: "critical", state: "raised", details: { zNumber: closure.zNumber, adeCode: "00200", adeDescription: 'Dispositivo non "ATTIVATO"' } })
    expect(alarms[0].message).toContain("00200")
  })

  it("exports a period as JSON, CSV and a zip of the raw files with an index", async () => {
    const all = await files()
    const days = all.map((f) => f.day).sort()
    const [from, to] = [days[0], days.at(-1)]
    const json = await call("GET", `/v1/corrispettivi/export?from=${from}&to=${to}&device_id=${deviceId}`)
    expect(json.status).toBe(200)
    expect(json.body.files.map((f: any) => f.id).sort()).toEqual(all.map((f) => f.id).sort())
    expect(json.body.rows.map((r: any) => [r.vat.basisPoints, r.amount, r.tax]).sort()).toEqual([[1000, 100, 10], [1000, 1000, 100], [2200, 3000, 660]].sort())

    const csv = await call("GET", `/v1/corrispettivi/export?from=${from}&to=${to}&device_id=${deviceId}&format=csv`)
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/)
    const lines = csv.text.trimEnd().split("\r\n")
    expect(lines[0]).toBe("file_id,device_id,matricola,day,z_number,vat_rate,natura,amount,tax,returns,voids,verification,file_name,sha256")
    expect(lines.slice(1).map((l) => l.split(",").slice(5, 9)).sort()).toEqual([["10.00", "", "1.00", "0.10"], ["10.00", "", "10.00", "1.00"], ["22.00", "", "30.00", "6.60"]].sort())

    const zip = await call("GET", `/v1/corrispettivi/export?from=${from}&to=${to}&device_id=${deviceId}&format=zip`)
    expect(zip.headers.get("content-type")).toBe("application/zip")
    const entries = readZip(zip.buffer)
    const index = entries.get("index.csv")!.toString("utf8").trimEnd().split("\r\n").slice(1).map((l) => l.split(","))
    expect(index).toHaveLength(all.length)
    for (const [path, id, , , , , , , , , , , sha256] of index) {
      const file = all.find((f) => f.id === id)
      expect(path).toBe(`${file.day}/${file.fileName}`)
      expect(sha256).toBe(file.sha256)
      expect(createHash("sha256").update(entries.get(path!)!).digest("hex")).toBe(file.sha256)
    }
    expect(entries.get("vat-index.csv")!.toString("utf8")).toBe(csv.text)
  })

  it("a second tenant sees none of it", async () => {
    const [file] = await files()
    expect((await call("GET", "/v1/corrispettivi", { auth: otherKey })).body.data).toEqual([])
    expect((await call("GET", `/v1/corrispettivi/${file.id}`, { auth: otherKey })).status).toBe(404)
    expect((await call("GET", `/v1/corrispettivi/${file.id}/xml`, { auth: otherKey })).status).toBe(404)
    expect((await call("GET", "/v1/transmissions", { auth: otherKey })).body.data).toEqual([])
    expect((await call("GET", `/v1/devices/${deviceId}/transmissions`, { auth: otherKey })).status).toBe(404)
    expect((await call("GET", `/v1/corrispettivi/export?from=2000-01-01&to=2100-01-01`, { auth: otherKey })).body.files).toEqual([])
  })

  it("keeps a tampered file, marked failed with an alarm; text that is no AdE document is a 422 naming the field", async () => {
    const corrisp = (await files("&kind=corrispettivi")).sort((a, b) => a.zNumber - b.zNumber)[0]
    const xml = (await call("GET", `/v1/corrispettivi/${corrisp.id}/xml`)).text
    const tampered = xml.replace(/<Ammontare>(\d)/, (_, d: string) => `<Ammontare>${(Number(d) + 1) % 10}`)
    const upload = await call("POST", `/v1/corrispettivi?file_name=tampered.xml`, { raw: tampered, contentType: "text/xml" })
    expect(upload.status).toBe(201)
    expect(upload.body.file).toMatchObject({ source: "upload", deviceId, verification: { state: "failed", signatureValid: false } })
    const failed = (await call("GET", `/v1/corrispettivi?verification=failed`)).body.data
    expect(failed.map((f: any) => f.id)).toEqual([upload.body.file.id])
    const alarms = (await call("GET", `/v1/alarms?type=corrispettivi.unverified`)).body.data
    expect(alarms).toHaveLength(1)
    expect(alarms[0].details.fileId).toBe(upload.body.file.id)
    // The tampered copy is not counted by the quadratura (only verified files are): Z's totals stay as the device signed them.
    const day = corrisp.day
    const totals = await store.corrispettivi.dailyTotals(scope, { from: day, to: day })
    expect(totals.filter((t) => t.zNumber === corrisp.zNumber).reduce((s, t) => s + t.amount, 0)).toBe(4000)

    const garbage = await call("POST", "/v1/corrispettivi", { raw: "this is not xml", contentType: "application/xml" })
    expect(garbage.status).toBe(422)
    expect(garbage.headers.get("content-type")).toMatch(/problem\+json/)
    expect(garbage.body).toMatchObject({ code: "unreadable_document", errors: [{ path: "xml" }] })
    const notAde = await call("POST", "/v1/corrispettivi", { body: { xml: "<invoice/>" } })
    expect(notAde.status).toBe(422)
    const missing = await call("POST", "/v1/corrispettivi", { body: { deviceId } })
    expect(missing.status).toBe(400)
    expect(missing.body.errors.map((e: any) => e.path)).toContain("xml")
  })
})
