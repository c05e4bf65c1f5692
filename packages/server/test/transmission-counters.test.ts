import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type Device, type DeviceStatus, type Fisco, type Store, type TenantScope, type TransmissionId, createFisco, newId } from "@fisco/core"
import { epsonRtDriver } from "@fisco/driver-epson-rt"
import { createSqliteStore } from "@fisco/store-sqlite"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

/**
 * The RT's own file counter (directIO 1138 "files to send", the `files.pending` condition) as
 * evidence that the oldest queued Zs have left the device. The Epson simulator counts its queue
 * exactly, so the case "sent, AdE not answered yet" is set up in the store directly.
 */
describe("transmissions from the RT file counters", () => {
  let dir: string
  let store: Store
  let fisco: Fisco
  let scope: TenantScope
  let device: Device

  const status = (conditions: DeviceStatus["conditions"]): DeviceStatus => ({ deviceId: device.id, observedAt: new Date().toISOString(), health: "ok", conditions, raw: { format: "xml", body: "<status/>" } })
  const states = async () => (await fisco.corrispettivi.transmissions.list(scope, { deviceId: device.id })).data.map((t) => [t.zNumber, t.state]).sort((a, b) => Number(a[0]) - Number(b[0]))

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "fisco-counters-"))
    store = createSqliteStore({ filename: join(dir, "fisco.sqlite") })
    await store.migrate()
    fisco = createFisco({ store, drivers: [epsonRtDriver] })
    const tenant = await fisco.tenants.create({ name: "Bar" })
    scope = { tenantId: tenant.id, livemode: false }
    const site = await fisco.sites.create(scope, { name: "Bar", address: { line1: "Via Roma 1", city: "Roma", postalCode: "00100", country: "IT" }, timezone: "Europe/Rome" })
    device = await fisco.devices.create(scope, { siteId: site.id, kind: "rt-printer", vendor: "Epson", model: "FP-81 II RT", serial: "99MEY055555", driver: { id: "epson-rt", config: { url: "http://127.0.0.1:9" } } })
    const today = new Date().toISOString().slice(0, 10)
    for (const zNumber of [1, 2, 3]) {
      const at = new Date().toISOString()
      await store.transmissions.save(scope, { id: newId("ztx") as TransmissionId, tenantId: tenant.id, livemode: false, deviceId: device.id, zNumber, day: today, state: "queued", errors: [], createdAt: at, updatedAt: at })
    }
  })
  afterAll(async () => {
    await store?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it("a reading without the counter says nothing; N files to send keeps the newest N queued and marks the older ones sent", async () => {
    await fisco.corrispettivi.onStatus(scope, device, status([]))
    expect(await states()).toEqual([[1, "queued"], [2, "queued"], [3, "queued"]])
    await fisco.corrispettivi.onStatus(scope, device, status([{ code: "files.pending", severity: "info", message: "3 files", data: { count: 3 } }]))
    expect(await states()).toEqual([[1, "queued"], [2, "queued"], [3, "queued"]])
    await fisco.corrispettivi.onStatus(scope, device, status([{ code: "files.pending", severity: "info", message: "1 file", data: { count: 1 } }]))
    expect(await states()).toEqual([[1, "sent"], [2, "sent"], [3, "queued"]])
  })
})
