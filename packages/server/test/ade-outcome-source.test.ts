import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type AdeOutcomeSource, type Device, type Store, type TenantScope, type TransmissionId, Unsupported, createFisco, newId } from "@fisco/core"
import { epsonRtDriver } from "@fisco/driver-epson-rt"
import { createSqliteStore } from "@fisco/store-sqlite"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

/**
 * The AdE outcome port is off by default; a host that can reach AdE plugs a source in. Here the
 * source is the host's, answering from a fixed list as AdE's portal would for one matricola.
 */
describe("AdeOutcomeSource: asking AdE directly", () => {
  let dir: string
  let store: Store
  let scope: TenantScope
  let device: Device
  const asked: unknown[] = []
  const source: AdeOutcomeSource = {
    outcomes: async (_scope, query) => {
      asked.push(query)
      return [
        { operationId: "1845900007", outcome: "rejected", errors: [{ code: "00203", description: "DataOraRilevazione successiva alla data di ricezione" }], day: "2026-03-02" },
        { operationId: "unknown-to-us", outcome: "accepted", errors: [] }
      ]
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "fisco-ade-source-"))
    store = createSqliteStore({ filename: join(dir, "fisco.sqlite") })
    await store.migrate()
    const fisco = createFisco({ store, drivers: [epsonRtDriver] })
    const tenant = await fisco.tenants.create({ name: "Negozi" })
    scope = { tenantId: tenant.id, livemode: false }
    const site = await fisco.sites.create(scope, { name: "Centro", address: { line1: "Via Roma 1", city: "Roma", postalCode: "00100", country: "IT" }, timezone: "Europe/Rome" })
    device = await fisco.devices.create(scope, { siteId: site.id, kind: "rt-printer", vendor: "Epson", model: "FP-81 II RT", serial: "99MEY000007", driver: { id: "epson-rt", config: { url: "http://127.0.0.1:9" } } })
    const at = new Date().toISOString()
    await store.transmissions.save(scope, {
      id: newId("ztx") as TransmissionId,
      tenantId: tenant.id,
      livemode: false,
      deviceId: device.id,
      zNumber: 7,
      day: "2026-03-02",
      state: "sent",
      transmissionId: "1845900007",
      errors: [],
      createdAt: at,
      updatedAt: at
    })
  })
  afterAll(async () => {
    await store?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it("is Unsupported unless a host configures a source", async () => {
    const fisco = createFisco({ store, drivers: [epsonRtDriver] })
    await expect(fisco.corrispettivi.transmissions.fromAde(scope, device, { from: "2026-03-01", to: "2026-03-31" })).rejects.toBeInstanceOf(Unsupported)
  })

  it("applies AdE's answers to the Zs with those transmission ids, raising the rejection alarm", async () => {
    const fisco = createFisco({ store, drivers: [epsonRtDriver], adeOutcomeSource: source })
    const updated = await fisco.corrispettivi.transmissions.fromAde(scope, device, { from: "2026-03-01", to: "2026-03-31" })
    expect(asked).toEqual([{ matricola: "99MEY000007", from: "2026-03-01", to: "2026-03-31" }])
    expect(updated).toEqual([expect.objectContaining({ zNumber: 7, state: "rejected", adeCode: "00203", transmissionId: "1845900007" })])
    const alarms = (await fisco.alarms.list(scope, { type: "transmission.rejected" })).data
    expect(alarms).toEqual([expect.objectContaining({ deviceId: device.id, dedupeKey: `${device.id}:transmission.rejected:7`, details: expect.objectContaining({ adeCode: "00203", zNumber: 7 }) })])
    // Asking again changes nothing and opens no second alarm.
    expect(await fisco.corrispettivi.transmissions.fromAde(scope, device, { from: "2026-03-01", to: "2026-03-31" })).toEqual([])
    expect((await fisco.alarms.list(scope, { type: "transmission.rejected" })).data).toHaveLength(1)
  })
})
