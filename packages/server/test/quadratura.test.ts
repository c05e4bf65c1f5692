import { FiscalPrinter } from "@fisco/core"
import { EpsonRtConfig, epsonRtDriver } from "@fisco/driver-epson-rt"
import { type EpsonSimulator, startEpsonSimulator } from "@fisco/driver-epson-rt/simulator"
import { Effect, Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Harness, createHarness, siteInput } from "./support/harness.js"

/**
 * Quadratura end to end: receipts posted through the Frontier and printed on the Epson simulator,
 * the day closed with a Z, the signed COR10 brought into the corrispettivi archive by a device poll
 * (verified with the official XSDs and the signature), and the quadratura run as it arrives.
 */
const rate = (basisPoints: number) => ({ _tag: "rate", basisPoints })
const line = (description: string, amount: number, basisPoints = 2200) => ({ description, quantityMilli: 1000, unitPrice: amount, amount, vat: rate(basisPoints) })

describe("quadratura: back office against the device's corrispettivi", () => {
  let h: Harness
  let sim: EpsonSimulator
  let config: EpsonRtConfig
  let deviceId = ""
  let day = ""
  const post = (body: Record<string, unknown>) => h.call("POST", "/v1/receipts", { auth: h.testKey, body: { deviceId, businessDay: day, ...body } })
  const report = async (query = "") => h.call("GET", `/v1/quadratura?from=${day}&to=${day}${query}`, { auth: h.testKey })
  const run = () => h.call("POST", "/v1/quadratura/runs", { auth: h.testKey, body: { from: day, to: day } })
  const alarms = async () => (await h.call("GET", "/v1/alarms?type=quadratura.difference", { auth: h.testKey })).body.data
  const closeDay = () => Effect.runPromise(Effect.flatMap(FiscalPrinter, (p) => p.dailyClosure).pipe(Effect.provide(epsonRtDriver.make(config, { livemode: false }))))
  /** A poll brings the device's new archive files into the server's archive. */
  const poll = async () => expect((await h.call("POST", `/v1/devices/${deviceId}/polls`, { auth: h.testKey })).status).toBe(201)
  const archived = async () => (await h.call("GET", `/v1/corrispettivi?device_id=${deviceId}&kind=corrispettivi`, { auth: h.testKey })).body.data

  beforeAll(async () => {
    sim = await startEpsonSimulator()
    config = Schema.decodeUnknownSync(EpsonRtConfig)({ url: sim.url, matricola: sim.matricola, timeoutMs: 2000 })
    h = await createHarness({ drivers: [epsonRtDriver] })
    const site = await h.call("POST", "/v1/sites", { auth: h.testKey, body: siteInput() })
    const device = await h.call("POST", "/v1/devices", {
      auth: h.testKey,
      body: { siteId: site.body.id, kind: "rt-printer", vendor: "Epson", model: "FP-81 II RT", serial: sim.matricola, driver: { id: "epson-rt", config: { url: sim.url, matricola: sim.matricola } } }
    })
    deviceId = device.body.id

    // The device's fiscal day, as it will date the corrispettivi.
    day = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Rome" }).format(new Date())
    const print = { print: { deviceId } }
    const a = await post({ documentId: "Q-1", lines: [line("Pane", 1220), line("Latte", 1100, 1000)], payments: [{ method: "cash", amount: 2320 }], total: 2320, ...print })
    await post({ documentId: "Q-2", lines: [line("Vino", 2440)], payments: [{ method: "card", amount: 2440 }], total: 2440, ...print })
    const c = await post({ documentId: "Q-3", lines: [line("Olio", 1100, 1000)], payments: [{ method: "cash", amount: 1100 }], total: 1100, ...print })
    await post({ documentId: "Q-1-R", kind: "refund", lines: [line("Pane", 1220)], total: 1220, reference: { documentId: "Q-1" }, ...print })
    await post({ documentId: "Q-3-V", kind: "void", lines: [line("Olio", 1100, 1000)], total: 1100, reference: { documentId: "Q-3" }, ...print })
    expect([a.body.print.state, c.body.print.state]).toEqual(["printed", "printed"])
    expect(await sim.control.documents()).toHaveLength(5)

    const closure = await closeDay()
    expect(closure.date).toBe(day)
    await poll()
    expect((await archived()).map((f: { zNumber: number; verification: { state: string } }) => [f.zNumber, f.verification.state])).toEqual([[closure.zNumber, "verified"]])
  })
  afterAll(async () => {
    await h?.close()
    await sim?.close()
  })

  it("matches every rate when the back office and the device agree, and raises nothing", async () => {
    const answer = await report()
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ object: "quadratura", from: day, to: day, tolerance: 0 })
    const byRate = new Map(answer.body.data.map((r: { vat: { basisPoints: number } }) => [r.vat.basisPoints, r]))
    expect(byRate.get(2200)).toMatchObject({
      deviceId,
      day,
      status: "match",
      difference: 0,
      backOffice: { sales: 3660, returns: 1220, voids: 0, takings: 2440 },
      device: { amount: 3000, returns: 1000, voids: 0, takings: 2440 }
    })
    expect(byRate.get(1000)).toMatchObject({ status: "match", backOffice: { sales: 2200, voids: 1100, takings: 1100 }, device: { takings: 1100 } })
    const ran = await run()
    expect(ran.status).toBe(201)
    expect(ran.body).toMatchObject({ object: "quadratura_run", raised: [], cleared: [] })
    expect(await alarms()).toEqual([])
  })

  it("a day's corrispettivi arriving one cent away from the back office raise the alarm by themselves", async () => {
    // The back office booked one cent at 22% that never reached the device, and a sale that did.
    await post({ documentId: "Q-4", lines: [line("Caramella", 1)], payments: [{ method: "cash", amount: 1 }], total: 1 })
    expect((await post({ documentId: "Q-5", lines: [line("Pane", 500)], payments: [{ method: "cash", amount: 500 }], total: 500, print: { deviceId } })).body.print.state).toBe("printed")
    expect(await alarms()).toEqual([])
    await closeDay()
    await poll()
    expect(await archived()).toHaveLength(2)

    const open = await alarms()
    expect(open).toHaveLength(1)
    expect(open[0]).toMatchObject({ type: "quadratura.difference", deviceId, dedupeKey: `${deviceId}:quadratura.difference:${day}`, state: "raised", occurrences: 1 })
    expect(open[0].details.rows).toEqual([expect.objectContaining({ difference: 1, status: "difference", vat: { _tag: "rate", basisPoints: 2200 } })])
    const flagged = await report()
    // Two Z of the day, summed: the device's takings at 22% are what was printed.
    expect(flagged.body.data.find((r: { vat: { basisPoints: number } }) => r.vat.basisPoints === 2200)).toMatchObject({
      status: "difference",
      difference: 1,
      backOffice: { takings: 2440 + 500 + 1 },
      device: { takings: 2440 + 500 }
    })
    expect(flagged.body.data.find((r: { vat: { basisPoints: number } }) => r.vat.basisPoints === 1000).status).toBe("match")
  })

  it("running again keeps one alarm per device and day; the tenant's tolerance clears it", async () => {
    const again = await run()
    expect(again.body.raised).toHaveLength(1)
    const open = await alarms()
    expect(open).toHaveLength(1)
    expect(open[0].occurrences).toBe(2)

    // The tenant's own tolerance, stored through the thresholds API.
    expect((await h.call("PUT", "/v1/monitor/thresholds", { auth: h.testKey, body: { quadraturaTolerance: 1 } })).status).toBe(200)
    expect((await report()).body).toMatchObject({ tolerance: 1 })
    const within = await run()
    expect(within.body.raised).toEqual([])
    expect(within.body.cleared.map((a: { id: string }) => a.id)).toEqual([open[0].id])
    expect((await h.call("GET", `/v1/alarms/${open[0].id}`, { auth: h.testKey })).body.state).toBe("cleared")
    expect((await h.call("PUT", "/v1/monitor/thresholds", { auth: h.testKey, body: {} })).status).toBe(200)
    expect((await report()).body).toMatchObject({ tolerance: 0 })
  })

  it("leaves a device the back office never posts for out of the automatic run, and still reports it on demand", async () => {
    const other = await startEpsonSimulator({ matricola: "99MEY000077" })
    try {
      const site = await h.call("POST", "/v1/sites", { auth: h.testKey, body: siteInput() })
      const device = await h.call("POST", "/v1/devices", {
        auth: h.testKey,
        body: { siteId: site.body.id, kind: "rt-printer", vendor: "Epson", model: "FP-81 II RT", serial: other.matricola, driver: { id: "epson-rt", config: { url: other.url, matricola: other.matricola } } }
      })
      expect(device.status, JSON.stringify(device.body)).toBe(201)
      const otherConfig = Schema.decodeUnknownSync(EpsonRtConfig)({ url: other.url, matricola: other.matricola, timeoutMs: 2000 })
      const printer = epsonRtDriver.make(otherConfig, { livemode: false })
      // The till sells on it without the Frontier, then closes the day.
      await Effect.runPromise(
        Effect.flatMap(FiscalPrinter, (p) => p.printSale({ lines: [line("Pane", 300)], payments: [{ method: "cash", amount: 300 }] } as never)).pipe(Effect.provide(printer))
      )
      await Effect.runPromise(Effect.flatMap(FiscalPrinter, (p) => p.dailyClosure).pipe(Effect.provide(printer)))
      expect((await h.call("POST", `/v1/devices/${device.body.id}/polls`, { auth: h.testKey })).status).toBe(201)
      const files = (await h.call("GET", `/v1/corrispettivi?device_id=${device.body.id}&kind=corrispettivi`, { auth: h.testKey })).body.data
      expect(files.map((f: { verification: { state: string } }) => f.verification.state)).toEqual(["verified"])

      const onDevice = (await alarms()).filter((a: { deviceId: string }) => a.deviceId === device.body.id)
      expect(onDevice).toEqual([])
      const rows = (await report(`&device_id=${device.body.id}`)).body.data
      expect(rows).toEqual([expect.objectContaining({ deviceId: device.body.id, status: "missing-in-back-office" })])
    } finally {
      await other.close()
    }
  })

  it("answers CSV with format=csv or Accept: text/csv", async () => {
    const json = (await report()).body.data
    for (const answer of [await report("&format=csv"), await h.call("GET", `/v1/quadratura?from=${day}&to=${day}`, { auth: h.testKey, headers: { Accept: "text/csv" } })]) {
      expect(answer.status).toBe(200)
      expect(answer.headers.get("content-type")).toContain("text/csv")
      const lines = (answer.body as string).trimEnd().split("\r\n")
      expect(lines[0]).toBe(
        "device_id,day,vat,z_number,back_office_sales,back_office_returns,back_office_voids,back_office_takings,device_amount_net,device_tax,device_returns_net,device_voids_net,device_takings,difference,status"
      )
      expect(lines).toHaveLength(json.length + 1)
      const at22 = json.find((r: { vat: { basisPoints: number } }) => r.vat.basisPoints === 2200)
      expect(lines.find((l) => l.includes(",22.00,"))!.split(",")).toEqual([
        deviceId,
        day,
        "22.00",
        String(at22.device.zNumber),
        ...[at22.backOffice.sales, at22.backOffice.returns, at22.backOffice.voids, at22.backOffice.takings].map(String),
        ...[at22.device.amount, at22.device.tax, at22.device.returns, at22.device.voids, at22.device.takings].map(String),
        String(at22.difference),
        at22.status
      ])
      // The refund of 12.20 at 22% is on both sides: 10.00 net of returns on the device.
      expect([at22.backOffice.returns, at22.device.returns]).toEqual([1220, 1000])
    }
  })

  it("documents both answers of the report in OpenAPI", async () => {
    const spec = (await h.call("GET", "/openapi.json")).body
    expect(Object.keys(spec.paths["/v1/quadratura"].get.responses["200"].content).sort()).toEqual(["application/json", "text/csv"])
    expect(spec.paths["/v1/quadratura/runs"].post.parameters.map((p: { name: string }) => p.name)).toContain("Idempotency-Key")
  })

  it("checks its parameters and another tenant sees nothing", async () => {
    expect((await h.call("GET", "/v1/quadratura?from=2025-03-02&to=2025-03-01", { auth: h.testKey })).body.errors[0].path).toBe("to")
    expect((await h.call("GET", "/v1/quadratura?to=2025-03-01", { auth: h.testKey })).status).toBe(400)
    const other = await h.newTenant("Other tenant")
    const theirs = await h.call("GET", `/v1/quadratura?from=${day}&to=${day}`, { auth: other.testKey })
    expect(theirs.status).toBe(200)
    expect(theirs.body.data).toEqual([])
    expect((await h.call("GET", `/v1/quadratura?from=${day}&to=${day}&device_id=${deviceId}`, { auth: other.testKey })).body.data).toEqual([])
    expect((await h.call("POST", "/v1/quadratura/runs", { auth: other.testKey, body: { from: day, to: day } })).body.raised).toEqual([])
    expect((await h.call("GET", "/v1/alarms", { auth: other.testKey })).body.data).toEqual([])
  })
})
