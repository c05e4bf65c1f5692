import { Site, type SiteId } from "@fisco/core"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { aSite, freshTenant, nextId, now } from "./fixtures.js"
import { expectFivePagedNewestFirst } from "./paging.js"
import type { SuiteContext } from "./suite-context.js"

export const siteTests = ({ store }: SuiteContext) =>
  describe("sites", () => {
    it("creates sites and reads them back exactly, optional fields absent when unset", async () => {
      const { live } = await freshTenant(store())
      const plain = aSite(live)
      const full = aSite(live, { externalRef: "PV-042", address: { ...plain.address, line2: "Binario 21", region: "MI" } })
      for (const site of [plain, full]) {
        expect(await store().sites.create(site)).toStrictEqual(site)
        const read = await store().sites.get(live, site.id)
        expect(read).toStrictEqual(site)
        expect(Schema.is(Site)(read)).toBe(true)
      }
      expect(await store().sites.get(live, nextId("site") as SiteId)).toBeUndefined()
    })

    it("lists newest first with limit, startingAfter and hasMore", async () => {
      const { live } = await freshTenant(store())
      const ids: Array<string> = []
      for (let i = 0; i < 5; i++) ids.push((await store().sites.create(aSite(live, { name: `Shop ${i}` }))).id)
      await expectFivePagedNewestFirst((page) => store().sites.list(live, page), (s) => s.id, ids)
    })

    it("update replaces the row and returns it; unknown ids give undefined", async () => {
      const { live } = await freshTenant(store())
      const site = await store().sites.create(aSite(live, { externalRef: "PV-001" }))
      const { externalRef: _dropped, ...withoutRef } = site
      const changed: Site = { ...withoutRef, name: "Milano Porta Garibaldi", timezone: "Europe/Rome", updatedAt: now() }
      expect(await store().sites.update(live, changed)).toStrictEqual(changed)
      expect(await store().sites.get(live, site.id)).toStrictEqual(changed)
      expect(await store().sites.update(live, { ...changed, id: nextId("site") as SiteId })).toBeUndefined()
    })
  })
