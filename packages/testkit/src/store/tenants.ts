import { Tenant, type TenantId } from "@fisco/core"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { nextId, now } from "./fixtures.js"
import { allPages } from "./paging.js"
import type { SuiteContext } from "./suite-context.js"

export const tenantTests = ({ store }: SuiteContext) =>
  describe("tenants", () => {
    it("creates a tenant and reads it back exactly", async () => {
      const tenant: Tenant = { id: nextId("ten") as TenantId, name: "Bar Sport Srl", createdAt: now() }
      expect(await store().tenants.create(tenant)).toStrictEqual(tenant)
      const read = await store().tenants.get(tenant.id)
      expect(read).toStrictEqual(tenant)
      expect(Schema.is(Tenant)(read)).toBe(true)
      expect(await store().tenants.get(nextId("ten") as TenantId)).toBeUndefined()
    })

    it("lists every tenant newest first, page by page, none twice", async () => {
      const created: Array<Tenant> = []
      for (const name of ["First", "Second", "Third"]) {
        created.push(await store().tenants.create({ id: nextId("ten") as TenantId, name, createdAt: now() }))
      }
      const pages = await allPages((page) => store().tenants.list(page), (t) => t.id, 2)
      const ids = pages.flatMap((p) => p.data.map((t) => t.id))
      expect(new Set(ids).size).toBe(ids.length)
      expect(ids).toEqual([...ids].sort().reverse())
      const ours = ids.filter((id) => created.some((t) => t.id === id))
      expect(ours).toEqual(created.map((t) => t.id).reverse())
      expect(pages.slice(0, -1).every((p) => p.hasMore && p.data.length === 2)).toBe(true)
      expect(pages.at(-1)?.hasMore).toBe(false)
    })
  })
