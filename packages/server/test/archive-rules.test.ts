import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { type DeviceError, FiscalPrinter, type FiscalPrinterShape, type Store, createFisco } from "@fisco/core"
import { EpsonRtConfig, epsonRtDriver } from "@fisco/driver-epson-rt"
import { type EpsonSimulator, startEpsonSimulator } from "@fisco/driver-epson-rt/simulator"
import { createSqliteStore } from "@fisco/store-sqlite"
import { Effect, Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createJsonLogger, createServer, issueApiKey } from "../src/index.js"
import { createAdeVerifier } from "../src/archive/ade-verifier.js"

const ADE = fileURLToPath(new URL("../../../../shared/spec/ade/", import.meta.url))
const DAY_MS = 86_400_000
const START = Date.parse("2026-03-02T10:00:00Z")
const ARCHIVE_TYPES = new Set(["z.missing", "transmission.missing", "transmission.deadline-near", "transmission.deadline-passed", "transmission.rejected", "inactivity.declared", "corrispettivi.unverified"])

/**
 * The archive's time rules against a simulated Epson RT whose Z waits on the device: no
 * transmission for N days, the 12-day legal deadline (warning, then critical), no Z for N days,
 * and the inactivity the next Z declares. The server's clock and the printer's move together.
 */
describe("archive rules: missing Z, late transmission, 12-day deadline, declared inactivity", { timeout: 120_000 }, () => {
  let dir: string
  let store: Store
  let sim: EpsonSimulator
  let app: ReturnType<typeof createServer>
  let key: string
  let deviceId: string
  let now = START

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    return { status: res.status, body: (await res.json()) as any }
  }
  const printer = <A>(use: (p: FiscalPrinterShape) => Effect.Effect<A, DeviceError>) =>
    Effect.runPromise(Effect.flatMap(FiscalPrinter, use).pipe(Effect.provide(epsonRtDriver.make(Schema.decodeUnknownSync(EpsonRtConfig)({ url: sim.url }), { livemode: false }))))
  /** Moves both clocks to `days` after the start, then polls the device. */
  const pollOnDay = async (days: number) => {
    now = START + days * DAY_MS
    await sim.control.setClock(new Date(now).toISOString())
    expect((await call("POST", `/v1/devices/${deviceId}/polls`)).status).toBe(201)
  }
  const openAlarms = async () => {
    const all = (await call("GET", `/v1/alarms?device_id=${deviceId}&limit=100`)).body.data as any[]
    // The device's own status rules (files.pending…) are not this test's subject.
    return Object.fromEntries(all.filter((a) => a.state !== "cleared" && ARCHIVE_TYPES.has(a.type)).map((a) => [a.type, a]))
  }
  const closeADay = async (days: number) => {
    now = START + days * DAY_MS
    await sim.control.setClock(new Date(now).toISOString())
    await printer((p) => p.printSale({ lines: [{ description: "Pane", quantityMilli: 1000, unitPrice: 220, amount: 220, vat: { _tag: "rate", basisPoints: 1000 } }], payments: [{ method: "cash", amount: 220 }] }))
    return printer((p) => p.dailyClosure)
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "fisco-archive-rules-"))
    store = createSqliteStore({ filename: join(dir, "fisco.sqlite") })
    await store.migrate()
    sim = await startEpsonSimulator({ matricola: "99MEY077777" })
    const clock = () => new Date(now)
    app = createServer({ store, drivers: [epsonRtDriver], tokenSecret: "test-token-secret-of-at-least-32-bytes!", clock, logger: createJsonLogger({ write: () => {} }), corrispettiviVerifier: createAdeVerifier({ schemaDir: ADE }) })
    const tenant = await createFisco({ store, drivers: [epsonRtDriver] }).tenants.create({ name: "Bar Roma" })
    key = (await issueApiKey(store, { tenantId: tenant.id, name: "ops", livemode: false, scopes: ["*"] })).secret
    const site = await call("POST", "/v1/sites", { name: "Bar", address: { line1: "Via Roma 1", city: "Roma", postalCode: "00100", country: "IT" }, timezone: "Europe/Rome" })
    deviceId = (await call("POST", "/v1/devices", { siteId: site.body.id, kind: "rt-printer", vendor: "Epson", model: "FP-81 II RT", serial: sim.matricola, driver: { id: "epson-rt", config: { url: sim.url } } })).body.id
  })
  afterAll(async () => {
    await sim?.close()
    await store?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it("raises each rule once when its threshold passes and clears it when the device catches up", async () => {
    await sim.control.setConditions({ transmission: "queued" })
    const z1 = await closeADay(0)
    await pollOnDay(0)
    expect((await call("GET", `/v1/devices/${deviceId}/transmissions`)).body.data).toEqual([expect.objectContaining({ zNumber: z1.zNumber, state: "queued", day: "2026-03-02" })])
    expect(Object.keys(await openAlarms())).toEqual([])

    await pollOnDay(2)
    expect(Object.keys(await openAlarms())).toEqual([])
    await pollOnDay(3)
    expect(Object.keys(await openAlarms()).sort()).toEqual(["transmission.missing"])
    await pollOnDay(4)
    expect(Object.keys(await openAlarms()).sort()).toEqual(["transmission.missing", "z.missing"])
    expect((await openAlarms())["z.missing"]).toMatchObject({ severity: "warning", details: { lastZDay: "2026-03-02", days: 4 } })

    await pollOnDay(9)
    await pollOnDay(10)
    const near = (await openAlarms())["transmission.deadline-near"]
    expect(near).toMatchObject({ severity: "warning", details: { zNumber: z1.zNumber, days: 9 } })
    expect((await openAlarms())["transmission.deadline-passed"]).toBeUndefined()

    await pollOnDay(13)
    const alarms = await openAlarms()
    expect(alarms["transmission.deadline-passed"]).toMatchObject({ severity: "critical", details: { zNumber: z1.zNumber, days: 13, deadlineDays: 12 } })
    expect(alarms["transmission.deadline-near"]).toBeUndefined()
    // One alarm per condition, however many polls saw it.
    const all = (await call("GET", `/v1/alarms?device_id=${deviceId}&limit=100`)).body.data as any[]
    expect(all.filter((a) => a.type === "transmission.missing")).toHaveLength(1)
    expect(all.filter((a) => a.type === "transmission.deadline-near")).toHaveLength(1)

    // AdE finally answers: the ESITO lands in the Z's own folder, and the late alarms clear.
    await sim.control.deliverTransmissions("accepted")
    await pollOnDay(13)
    expect((await call("GET", `/v1/devices/${deviceId}/transmissions`)).body.data[0]).toMatchObject({ state: "accepted" })
    expect(Object.keys(await openAlarms()).sort()).toEqual(["z.missing"])
  })

  it("the next Z declares the days without closure (PeriodoInattivo): info alarm, cleared by a normal Z", async () => {
    await sim.control.setConditions({ transmission: "accepted" })
    const z2 = await closeADay(14)
    await pollOnDay(14)
    const alarms = await openAlarms()
    expect(alarms["z.missing"]).toBeUndefined()
    expect(alarms["inactivity.declared"]).toMatchObject({ severity: "info", details: { inactivePeriod: { from: expect.stringMatching(/^2026-03-03/), to: expect.stringMatching(/^2026-03-15/) } } })
    const files = (await call("GET", `/v1/corrispettivi?device_id=${deviceId}&kind=corrispettivi`)).body.data as any[]
    expect(files.find((f) => f.zNumber === z2.zNumber)?.inactivePeriod).toBeDefined()

    await closeADay(15)
    await pollOnDay(15)
    expect(Object.keys(await openAlarms())).toEqual([])
  })
})
