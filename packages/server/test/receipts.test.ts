import { epsonRtDriver } from "@fisco/driver-epson-rt"
import { type EpsonSimulator, startEpsonSimulator } from "@fisco/driver-epson-rt/simulator"
import { virtualPrinterDriver } from "@fisco/driver-virtual-printer"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { type Harness, createHarness, deviceInput, siteInput } from "./support/harness.js"

/**
 * The Frontier API end to end: a real server on SQLite, the real Epson RT driver and the Epson
 * simulator over HTTP, with its fault injection for lost replies.
 */

const rate = (basisPoints: number) => ({ _tag: "rate", basisPoints })
const line = (description: string, amount: number, basisPoints = 2200) => ({ description, quantityMilli: 1000, unitPrice: amount, amount, vat: rate(basisPoints) })
const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Rome" }).format(new Date())

let documents = 0
const aSale = (deviceId: string, extra: Record<string, unknown> = {}) => ({
  deviceId,
  documentId: `POS1-${++documents}-${Date.now()}`,
  businessDay: today(),
  lines: [line("Pane", 1220), line("Latte", 1100, 1000)],
  payments: [{ method: "cash", amount: 2500 }],
  total: 2320,
  ...extra
})

describe("Frontier API: back-office receipts", () => {
  let h: Harness
  let sim: EpsonSimulator
  let deviceId = ""
  let virtualDeviceId = ""

  beforeAll(async () => {
    sim = await startEpsonSimulator()
    h = await createHarness({ drivers: [epsonRtDriver, virtualPrinterDriver] })
    const site = await h.call("POST", "/v1/sites", { auth: h.testKey, body: siteInput() })
    const device = await h.call("POST", "/v1/devices", {
      auth: h.testKey,
      body: { siteId: site.body.id, kind: "rt-printer", vendor: "Epson", model: "FP-81 II RT", serial: sim.matricola, driver: { id: "epson-rt", config: { url: sim.url, matricola: sim.matricola, timeoutMs: 2000 } } }
    })
    expect(device.status).toBe(201)
    deviceId = device.body.id
    const virtual = await h.call("POST", "/v1/devices", { auth: h.testKey, body: deviceInput(site.body.id) })
    virtualDeviceId = virtual.body.id
  })
  afterAll(async () => {
    await h?.close()
    await sim?.close()
  })
  beforeEach(() => sim.control.reset())

  const post = (body: unknown, headers: Record<string, string> = {}) => h.call("POST", "/v1/receipts", { auth: h.testKey, body, headers })
  const list = async (query = "") => (await h.call("GET", `/v1/receipts?limit=100${query}`, { auth: h.testKey })).body

  it("a receipt posted twice with the same Idempotency-Key is stored once", async () => {
    const body = aSale(deviceId)
    const first = await post(body, { "Idempotency-Key": `k-${body.documentId}` })
    const again = await post(body, { "Idempotency-Key": `k-${body.documentId}` })
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ documentId: body.documentId, deviceId, total: 2320, kind: "sale", currency: "EUR", print: { state: "not-printed" } })
    expect(again.status).toBe(201)
    expect(again.headers.get("Idempotent-Replayed")).toBe("true")
    expect(again.body).toEqual(first.body)
    expect((await list(`&device_id=${deviceId}`)).data.filter((r: { documentId: string }) => r.documentId === body.documentId)).toHaveLength(1)
  })

  it("the same documentId without a key returns the stored receipt (200); with other content it is a 409 naming documentId", async () => {
    const body = aSale(deviceId)
    const first = await post(body)
    const same = await post({ ...body, payments: [...body.payments] })
    expect(first.status).toBe(201)
    expect(same.status).toBe(200)
    expect(same.body.id).toBe(first.body.id)
    const changed = await post({ ...body, lines: [line("Pane", 1220)], total: 1220 })
    expect(changed.status).toBe(409)
    expect(changed.headers.get("content-type")).toContain("application/problem+json")
    expect(changed.body.code).toBe("conflict")
    expect(changed.body.detail).toContain(`documentId ${body.documentId}`)
    expect((await list()).data.filter((r: { documentId: string }) => r.documentId === body.documentId)).toHaveLength(1)
  })

  it("refuses what a fiscal device would refuse, naming the field, and stores nothing", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [aSale(deviceId, { total: 2321 }), "total"],
      [aSale(deviceId, { payments: [{ method: "card", amount: 2000 }] }), "payments"],
      [aSale(deviceId, { lines: [line("Pane", 1220, 2100)], total: 1220 }), "lines.0.vat"],
      [aSale(deviceId, { lines: [{ ...line("Pane", 1220), amount: 12.2 }], total: 12.2 }), "lines.0.amount"],
      [aSale("dev_01JD6Q0W3Z8N4K2V7H5R9T1B3C"), "deviceId"],
      [aSale(deviceId, { kind: "refund" }), "reference"],
      [aSale(deviceId, { kind: "refund", reference: { documentId: "never-posted" } }), "reference.documentId"]
    ]
    const before = (await list()).data.length
    for (const [body, path] of cases) {
      const answer = await post(body)
      expect(answer.status, path).toBe(400)
      expect(answer.body.errors.map((e: { path: string }) => e.path)).toContain(path)
    }
    expect((await list()).data.length).toBe(before)
  })

  it("prints on the Epson RT, stores the document number, and a second print request returns that document", async () => {
    const posted = await post(aSale(deviceId, { print: { deviceId } }))
    expect(posted.status).toBe(201)
    expect(posted.body.print.state).toBe("printed")
    const printed = await sim.control.documents()
    expect(printed).toHaveLength(1)
    const { number } = printed[0]!
    expect(posted.body.print.document).toMatchObject({ deviceId, number, total: 2320 })
    expect(posted.body.print.document.formatted).toBe(`${String(number.z).padStart(4, "0")}-${String(number.document).padStart(4, "0")}`)

    const again = await h.call("POST", `/v1/receipts/${posted.body.id}/print`, { auth: h.testKey })
    expect(again.status).toBe(200)
    expect(again.body.print).toEqual(posted.body.print)
    expect(await sim.control.documents()).toHaveLength(1)
    expect((await h.call("GET", `/v1/receipts/${posted.body.id}`, { auth: h.testKey })).body).toEqual(posted.body)
  })

  it("a lost reply is read back from the device: the receipt gets its number and is printed once", async () => {
    const posted = await post(aSale(deviceId))
    await sim.control.inject("drop-reply-after-commit")
    const printed = await h.call("POST", `/v1/receipts/${posted.body.id}/print`, { auth: h.testKey })
    expect(printed.status).toBe(200)
    expect(printed.body.print.state).toBe("printed")
    const onDevice = await sim.control.documents()
    expect(onDevice).toHaveLength(1)
    expect(printed.body.print.document.number).toEqual(onDevice[0]!.number)
  })

  it("when the outcome stays unknown the receipt is `unknown` and never printed again", async () => {
    const posted = await post(aSale(deviceId))
    await sim.control.inject("drop-reply-after-commit", { then: "down" })
    const lost = await h.call("POST", `/v1/receipts/${posted.body.id}/print`, { auth: h.testKey })
    expect(lost.status).toBe(502)
    expect(lost.body.code).toBe("outcome_unknown")
    const stored = await h.call("GET", `/v1/receipts/${posted.body.id}`, { auth: h.testKey })
    expect(stored.body.print).toMatchObject({ state: "unknown", error: { code: "outcome_unknown" } })

    await sim.control.clearFaults()
    const retry = await h.call("POST", `/v1/receipts/${posted.body.id}/print`, { auth: h.testKey })
    expect(retry.status).toBe(409)
    expect(retry.body.detail).toContain("unknown")
    // Posted again with print: still the one document the device made while the reply was lost.
    const repost = await post({ ...aSale(deviceId), documentId: posted.body.documentId, businessDay: posted.body.businessDay, print: { deviceId } })
    expect(repost.status).toBe(409)
    expect(await sim.control.documents()).toHaveLength(1)
    expect((await list("&print_state=unknown")).data.map((r: { id: string }) => r.id)).toContain(posted.body.id)
  })

  it("a device that certainly printed nothing leaves the receipt `failed`, and it prints on retry", async () => {
    const posted = await post(aSale(deviceId))
    await sim.control.inject("down")
    const down = await h.call("POST", `/v1/receipts/${posted.body.id}/print`, { auth: h.testKey })
    expect(down.status).toBe(502)
    expect(down.body.code).toBe("device_unreachable")
    expect((await h.call("GET", `/v1/receipts/${posted.body.id}`, { auth: h.testKey })).body.print.state).toBe("failed")
    await sim.control.clearFaults()
    const retry = await h.call("POST", `/v1/receipts/${posted.body.id}/print`, { auth: h.testKey })
    expect(retry.body.print.state).toBe("printed")
    expect(await sim.control.documents()).toHaveLength(1)
  })

  it("prints a refund and a void referencing earlier printed receipts", async () => {
    const sale = await post(aSale(deviceId, { print: { deviceId } }))
    const other = await post(aSale(deviceId, { print: { deviceId } }))
    const refund = await post({
      deviceId,
      documentId: `${sale.body.documentId}-R`,
      businessDay: today(),
      kind: "refund",
      lines: [line("Pane", 1220)],
      total: 1220,
      reference: { documentId: sale.body.documentId },
      print: { deviceId }
    })
    expect(refund.status).toBe(201)
    expect(refund.body).toMatchObject({ kind: "refund", reference: { documentId: sale.body.documentId, receiptId: sale.body.id }, print: { state: "printed" } })
    const voided = await post({
      deviceId,
      documentId: `${other.body.documentId}-V`,
      businessDay: today(),
      kind: "void",
      lines: other.body.lines,
      total: 2320,
      reference: { documentId: other.body.documentId },
      print: { deviceId }
    })
    expect(voided.body.print.state).toBe("printed")
    const onDevice = await sim.control.documents()
    expect(onDevice.map((d) => d.kind)).toEqual(["sale", "sale", "refund", "void"])
    expect(onDevice[2]!.reference?.number).toEqual(sale.body.print.document.number)
    expect(onDevice[3]!.reference?.number).toEqual(other.body.print.document.number)
  })

  it("lists with filters and a cursor", async () => {
    const mine = await post(aSale(deviceId, { businessDay: "2024-01-02" }))
    const older = await post(aSale(deviceId, { businessDay: "2024-01-01" }))
    const page1 = await list(`&device_id=${deviceId}&from=2024-01-01&to=2024-01-02`)
    expect(page1.data.map((r: { id: string }) => r.id)).toEqual([older.body.id, mine.body.id])
    const first = (await h.call("GET", "/v1/receipts?limit=1&from=2024-01-01&to=2024-01-02", { auth: h.testKey })).body
    expect(first).toMatchObject({ has_more: true, next_cursor: older.body.id })
    const second = (await h.call("GET", `/v1/receipts?limit=1&from=2024-01-01&to=2024-01-02&starting_after=${first.next_cursor}`, { auth: h.testKey })).body
    expect(second.data.map((r: { id: string }) => r.id)).toEqual([mine.body.id])
    expect((await h.call("GET", "/v1/receipts?print_state=sideways", { auth: h.testKey })).status).toBe(400)
  })

  it("reads the cash register from the simulator, and a device without one answers unsupported", async () => {
    await post(aSale(deviceId, { print: { deviceId } }))
    const before = await h.call("GET", `/v1/devices/${deviceId}/cash-register`, { auth: h.testKey })
    // No recorded reading yet: when the day opened is not known, and not guessed.
    expect(before.body.day.since).toBeUndefined()
    const poll = await h.call("POST", `/v1/devices/${deviceId}/polls`, { auth: h.testKey })
    expect(poll.body.dayOpen).toBe(true)
    const register = await h.call("GET", `/v1/devices/${deviceId}/cash-register`, { auth: h.testKey })
    expect(register.status).toBe(200)
    expect(register.body.day.since).toBe(poll.body.observedAt)
    const [document] = await sim.control.documents()
    expect(register.body).toMatchObject({ day: { open: true, pendingClosure: false }, zNumber: document!.number.z, documents: 1, lastDocument: { number: document!.number, total: 2320 } })
    expect(register.body.perVat.find((v: { vat: { basisPoints?: number } }) => v.vat.basisPoints === 2200).sales).toEqual({ net: 1000, tax: 220 })
    expect(register.body.payments.find((p: { method: string }) => p.method === "cash")).toEqual({ method: "cash", count: 1, amount: 2320 })

    const unsupported = await h.call("GET", `/v1/devices/${virtualDeviceId}/cash-register`, { auth: h.testKey })
    expect(unsupported.status).toBe(501)
    expect(unsupported.body.code).toBe("unsupported")
  })

  it("another tenant, or the live mode, sees none of it", async () => {
    const posted = await post(aSale(deviceId))
    const other = await h.newTenant("Other tenant")
    for (const auth of [other.testKey, h.liveKey]) {
      expect((await h.call("GET", `/v1/receipts/${posted.body.id}`, { auth })).status).toBe(404)
      expect((await h.call("GET", "/v1/receipts", { auth })).body.data).toEqual([])
      expect((await h.call("POST", `/v1/receipts/${posted.body.id}/print`, { auth })).status).toBe(404)
      expect((await h.call("GET", `/v1/devices/${deviceId}/cash-register`, { auth })).status).toBe(404)
      const foreign = await h.call("POST", "/v1/receipts", { auth, body: aSale(deviceId) })
      expect(foreign.status).toBe(400)
      expect(foreign.body.errors[0].path).toBe("deviceId")
    }
    expect(await sim.control.documents()).toHaveLength(0)
  })
})
