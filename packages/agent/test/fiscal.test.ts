import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type Device, type DeviceId, FiscalPrinter, type SiteId, type TenantId, createDriverRegistry, runDevice } from "@fisco/core"
import { epsonRtDriver } from "@fisco/driver-epson-rt"
import { type EpsonSimulator, startEpsonSimulator } from "@fisco/driver-epson-rt/simulator"
import { virtualPrinterDriver } from "@fisco/driver-virtual-printer"
import { Effect, type Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { printSale } from "../src/device-io.js"
import { ARCHIVE_DAYS, CATCH_UP_DAYS, collectFiscal } from "../src/fiscal.js"
import { type LocalQueue, openLocalQueue } from "../src/queue.js"

/** The agent reading a real (simulated) Epson RT's archive and Z transmission states into its queue. */
const drivers = createDriverRegistry([epsonRtDriver, virtualPrinterDriver])
let sim: EpsonSimulator
let dir: string
let queue: LocalQueue
let device: Device
beforeAll(async () => {
  sim = await startEpsonSimulator({ state: { transmission: "queued" } })
  dir = mkdtempSync(join(tmpdir(), "fisco-agent-fiscal-"))
  queue = openLocalQueue(dir)
  const at = new Date().toISOString()
  device = {
    id: "dev_01JD6Q0W3Z8N4K2V7H5R9T1B3C" as DeviceId,
    tenantId: "ten_01JD6Q0W3Z8N4K2V7H5R9T1B3C" as TenantId,
    livemode: false,
    siteId: "site_01JD6Q0W3Z8N4K2V7H5R9T1B3C" as SiteId,
    kind: "rt-printer",
    vendor: "Epson",
    model: "FP-81 II RT",
    serial: sim.matricola,
    driver: { id: "epson-rt", config: { url: sim.url } },
    connectivity: "agent",
    createdAt: at,
    updatedAt: at
  }
})
afterAll(async () => {
  queue.close()
  await sim.close()
  rmSync(dir, { recursive: true, force: true })
})

const closeDay = () =>
  runDevice(Effect.flatMap(FiscalPrinter, (p) => p.dailyClosure).pipe(Effect.provide(drivers.layerFor(device) as Layer.Layer<FiscalPrinter>)))
const queued = () => queue.peek(100).map((i) => i.body as Record<string, unknown>)

describe("collectFiscal", () => {
  it("queues each archive file and each Z transmission state once, as fiscal data", async () => {
    await printSale(drivers, device, {
      lines: [{ description: "Pane", quantityMilli: 1000, unitPrice: 250, amount: 250, vat: { _tag: "rate", basisPoints: 400 } }],
      payments: [{ method: "cash", amount: 250 }]
    })
    const closure = await closeDay()

    expect(await collectFiscal(drivers, queue, device)).toEqual({ queued: 2, full: false })
    const first = queued()
    expect(first).toEqual([
      expect.objectContaining({ kind: "fiscal.file", deviceId: device.id, fileKind: "corrispettivi", zNumber: closure.zNumber, xml: expect.stringContaining("DatiCorrispettivi") }),
      expect.objectContaining({ kind: "z.transmission", zNumber: closure.zNumber, state: "queued" })
    ])
    expect(queue.peek(100).every((i) => i.itemClass === "fiscal")).toBe(true)
    // Nothing new: nothing queued again (the Z report text stays on the device).
    expect(await collectFiscal(drivers, queue, device)).toEqual({ queued: 0, full: false })

    // AdE answers: the ESITO file and the `sent` state go out, once.
    await sim.control.deliverTransmissions("accepted")
    expect(await collectFiscal(drivers, queue, device)).toEqual({ queued: 2, full: false })
    expect(queued().slice(2)).toEqual([
      expect.objectContaining({ kind: "fiscal.file", fileKind: "esito", zNumber: closure.zNumber }),
      expect.objectContaining({ kind: "z.transmission", zNumber: closure.zNumber, state: "sent", transmissionId: expect.any(String) })
    ])
    expect(await collectFiscal(drivers, queue, device)).toEqual({ queued: 0, full: false })
  })

  it("reaches back CATCH_UP_DAYS on a catch-up round, where a normal round sees only the last ARCHIVE_DAYS", async () => {
    // Seen from ten days later (an agent that was off): today's files are out of a normal round's
    // reach and inside a catch-up round's.
    const later = new Date(Date.now() + 10 * 86_400_000)
    const fresh = openLocalQueue(mkdtempSync(join(tmpdir(), "fisco-agent-catch-up-")))
    try {
      expect(await collectFiscal(drivers, fresh, device, later, ARCHIVE_DAYS)).toEqual({ queued: 0, full: false })
      const round = await collectFiscal(drivers, fresh, device, later, CATCH_UP_DAYS)
      expect(round.queued).toBeGreaterThanOrEqual(2)
      expect(fresh.peek(100).map((i) => (i.body as { fileKind?: string }).fileKind).filter(Boolean)).toEqual(expect.arrayContaining(["corrispettivi", "esito"]))
    } finally {
      fresh.close()
    }
  })

  it("skips a device whose driver has no archive (Unsupported)", async () => {
    const virtual: Device = { ...device, driver: { id: "virtual-printer", config: { url: "http://127.0.0.1:9" } } }
    expect(await collectFiscal(drivers, queue, virtual)).toEqual({ queued: 0, full: false })
  })

  it("stops, dropping nothing, when the queue is full of fiscal data", async () => {
    const small = openLocalQueue(mkdtempSync(join(dir, "small-")), { maxItems: 1, maxBytes: 10_000_000 })
    try {
      expect(await collectFiscal(drivers, small, device)).toEqual({ queued: 1, full: true })
      expect(small.stats()).toMatchObject({ items: 1, full: true })
      small.ack(small.peek(1).map((i) => i.id))
      // The refused file was not marked as queued: it is read again once there is room.
      expect(await collectFiscal(drivers, small, device)).toEqual({ queued: 1, full: true })
    } finally {
      small.close()
    }
  })
})
