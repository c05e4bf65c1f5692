import { Conflict, User } from "@fisco/core"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { aUser, freshTenant, instant } from "./fixtures.js"
import type { SuiteContext } from "./suite-context.js"

export const userTests = ({ store }: SuiteContext) =>
  describe("users", () => {
    it("stores a user, returns it without the password hash, and finds it by e-mail", async () => {
      const { tenant } = await freshTenant(store())
      const record = aUser(tenant.id, { role: "dealer", disabledAt: instant(0) })
      const { passwordHash: _hash, ...user } = record
      const created = await store().users.create(record)
      expect(created).toStrictEqual(user)
      expect(Schema.is(User)(created)).toBe(true)
      expect(await store().users.get(tenant.id, user.id)).toStrictEqual(user)
      expect(await store().users.findByEmail(record.email)).toStrictEqual(record)
      expect(await store().users.findByEmail(`nobody-${record.email}`)).toBeUndefined()
    })

    it("lists a tenant's users newest first", async () => {
      const { tenant } = await freshTenant(store())
      const first = await store().users.create(aUser(tenant.id))
      const second = await store().users.create(aUser(tenant.id, { role: "admin" }))
      expect(await store().users.list(tenant.id)).toStrictEqual([second, first])
    })

    it("refuses an e-mail already taken anywhere in the installation with Conflict", async () => {
      const { tenant } = await freshTenant(store())
      const other = await freshTenant(store(), "Other")
      const first = await store().users.create(aUser(tenant.id))
      const twin = aUser(other.tenant.id, { email: first.email })
      await expect(store().users.create(twin)).rejects.toBeInstanceOf(Conflict)
      expect(await store().users.get(other.tenant.id, twin.id)).toBeUndefined()
    })

    it("e-mails are compared without regard to case", async () => {
      const { tenant } = await freshTenant(store())
      const user = await store().users.create(aUser(tenant.id, { email: `Mixed.Case-${Date.now()}@Example.com` }))
      expect((await store().users.findByEmail(user.email.toLowerCase()))?.id).toBe(user.id)
      await expect(store().users.create(aUser(tenant.id, { email: user.email.toUpperCase() }))).rejects.toBeInstanceOf(Conflict)
    })
  })
