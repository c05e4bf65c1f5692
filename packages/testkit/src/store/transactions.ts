import { Conflict, type TenantId } from "@fisco/core"
import { describe, expect, it } from "vitest"
import { aDevice, aSite, freshTenant, nextId, now } from "./fixtures.js"
import type { SuiteContext } from "./suite-context.js"

export const transactionTests = ({ store }: SuiteContext) =>
  describe("transactions", () => {
    it("commits every write and returns the callback's value", async () => {
      const tenantId = nextId("ten") as TenantId
      const scope = { tenantId, livemode: true }
      const site = aSite(scope)
      const result = await store().transaction(async (tx) => {
        await tx.tenants.create({ id: tenantId, name: "Atomic Srl", createdAt: now() })
        await tx.sites.create(site)
        // The transaction reads its own writes.
        expect(await tx.sites.get(scope, site.id)).toStrictEqual(site)
        return "done"
      })
      expect(result).toBe("done")
      expect(await store().tenants.get(tenantId)).toBeDefined()
      expect(await store().sites.get(scope, site.id)).toStrictEqual(site)
    })

    it("a throw inside leaves nothing written and reaches the caller unchanged", async () => {
      const tenantId = nextId("ten") as TenantId
      const scope = { tenantId, livemode: true }
      const site = aSite(scope)
      const boom = new Error("boom")
      await expect(
        store().transaction(async (tx) => {
          await tx.tenants.create({ id: tenantId, name: "Doomed Srl", createdAt: now() })
          await tx.sites.create(site)
          throw boom
        })
      ).rejects.toBe(boom)
      expect(await store().tenants.get(tenantId)).toBeUndefined()
      expect(await store().sites.get(scope, site.id)).toBeUndefined()
    })

    it("a Conflict inside rolls back the writes before it", async () => {
      const { live } = await freshTenant(store())
      const site = await store().sites.create(aSite(live))
      const device = aDevice(live, site.id)
      const before = aSite(live)
      await expect(
        store().transaction(async (tx) => {
          await tx.sites.create(before)
          await tx.devices.create(device)
          await tx.devices.create(aDevice(live, site.id, { serial: device.serial }))
        })
      ).rejects.toBeInstanceOf(Conflict)
      expect(await store().sites.get(live, before.id)).toBeUndefined()
      expect(await store().devices.get(live, device.id)).toBeUndefined()
    })
  })
