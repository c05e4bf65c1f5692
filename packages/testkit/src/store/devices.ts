import { Conflict, Device, type DeviceFilter, type DeviceId } from "@fisco/core"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { aDevice, aSite, freshTenant, nextId, now, storedDevice } from "./fixtures.js"
import { expectFivePagedNewestFirst } from "./paging.js"
import type { SuiteContext } from "./suite-context.js"

export const deviceTests = ({ store }: SuiteContext) =>
  describe("devices", () => {
    it("creates devices and reads them back exactly, optional name absent when unset", async () => {
      const { live } = await freshTenant(store())
      const site = await store().sites.create(aSite(live))
      const unnamed = aDevice(live, site.id)
      const named = aDevice(live, site.id, { name: "Cassa 1", connectivity: "agent", driver: { id: "epson-rt", config: { host: "10.0.0.5", nested: { a: [1, 2] } } } })
      for (const device of [unnamed, named]) {
        expect(await store().devices.create(device)).toStrictEqual(device)
        const read = await store().devices.get(live, device.id)
        expect(read).toStrictEqual(device)
        expect(Schema.is(Device)(read)).toBe(true)
      }
      expect(await store().devices.get(live, nextId("dev") as DeviceId)).toBeUndefined()
    })

    it("lists newest first with limit, startingAfter and hasMore", async () => {
      const { live } = await freshTenant(store())
      const site = await store().sites.create(aSite(live))
      const ids: Array<string> = []
      for (let i = 0; i < 5; i++) ids.push((await store().devices.create(aDevice(live, site.id))).id)
      await expectFivePagedNewestFirst((page) => store().devices.list(live, {}, page), (d) => d.id, ids)
    })

    it("filters the list by site and by kind", async () => {
      const { live } = await freshTenant(store())
      const shop = await store().sites.create(aSite(live))
      const other = await store().sites.create(aSite(live))
      const printer = await store().devices.create(aDevice(live, shop.id))
      const router = await store().devices.create(aDevice(live, shop.id, { kind: "router", vendor: "MikroTik", driver: { id: "mikrotik", config: {} } }))
      const elsewhere = await store().devices.create(aDevice(live, other.id))
      const ids = async (filter: DeviceFilter) =>
        (await store().devices.list(live, filter, { limit: 10 })).data.map((d) => d.id)
      expect(await ids({ siteId: shop.id })).toEqual([router.id, printer.id])
      expect(await ids({ kind: "rt-printer" })).toEqual([elsewhere.id, printer.id])
      expect(await ids({ siteId: shop.id, kind: "router" })).toEqual([router.id])
    })

    it("update replaces the row; delete removes it once", async () => {
      const { live } = await freshTenant(store())
      const device = await storedDevice(store(), live, { name: "Cassa 1" })
      const { name: _dropped, ...unnamed } = device
      const changed: Device = { ...unnamed, model: "FP-90 III RT", driver: { id: "epson-rt", config: { host: "192.0.2.99" } }, updatedAt: now() }
      expect(await store().devices.update(live, changed)).toStrictEqual(changed)
      expect(await store().devices.get(live, device.id)).toStrictEqual(changed)
      expect(await store().devices.update(live, { ...changed, id: nextId("dev") as DeviceId })).toBeUndefined()
      expect(await store().devices.delete(live, device.id)).toBe(true)
      expect(await store().devices.get(live, device.id)).toBeUndefined()
      expect(await store().devices.delete(live, device.id)).toBe(false)
    })

    it("refuses a second device with the same vendor and serial in a scope with Conflict", async () => {
      const { tenant, live, test } = await freshTenant(store())
      const first = await storedDevice(store(), live)
      const twin = aDevice(live, first.siteId, { serial: first.serial })
      const error = await store().devices.create(twin).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(Conflict)
      expect((error as Conflict).code).toBe("conflict")
      expect(await store().devices.get(live, twin.id)).toBeUndefined()
      // Another vendor, the other mode, or another tenant may use the same serial.
      await expect(store().devices.create(aDevice(live, first.siteId, { serial: first.serial, vendor: "Custom" }))).resolves.toBeDefined()
      await expect(storedDevice(store(), test, { serial: first.serial })).resolves.toBeDefined()
      const other = await freshTenant(store(), `${tenant.name} bis`)
      await expect(storedDevice(store(), other.live, { serial: first.serial })).resolves.toBeDefined()
    })

    it("refuses an update onto a serial already taken with Conflict", async () => {
      const { live } = await freshTenant(store())
      const first = await storedDevice(store(), live)
      const second = await store().devices.create(aDevice(live, first.siteId))
      await expect(store().devices.update(live, { ...second, serial: first.serial })).rejects.toBeInstanceOf(Conflict)
      expect(await store().devices.get(live, second.id)).toStrictEqual(second)
    })
  })
