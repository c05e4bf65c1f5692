import { ApiKey } from "@fisco/core"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { anApiKey, freshTenant, instant } from "./fixtures.js"
import type { SuiteContext } from "./suite-context.js"

export const apiKeyTests = ({ store }: SuiteContext) =>
  describe("api keys", () => {
    it("stores a key, returns it without its hash, and finds it by hash", async () => {
      const { tenant, test } = await freshTenant(store())
      const record = anApiKey(test, { expiresAt: instant(86_400), allowedIps: ["192.0.2.0/24"] })
      const { hash, ...key } = record
      const created = await store().apiKeys.create(record)
      expect(created).toStrictEqual(key)
      expect(Schema.is(ApiKey)(created)).toBe(true)
      expect(await store().apiKeys.get(tenant.id, key.id)).toStrictEqual(key)
      expect(await store().apiKeys.findByHash(hash)).toStrictEqual(record)
      expect(await store().apiKeys.findByHash(`${hash}-other`)).toBeUndefined()
    })

    it("lists a tenant's keys newest first", async () => {
      const { tenant, live, test } = await freshTenant(store())
      const first = await store().apiKeys.create(anApiKey(live))
      const second = await store().apiKeys.create(anApiKey(test))
      expect((await store().apiKeys.list(tenant.id)).map((k) => k.id)).toEqual([second.id, first.id])
    })

    it("revokes a key once: the first revocation time stands", async () => {
      const { tenant, live } = await freshTenant(store())
      const record = anApiKey(live)
      const key = await store().apiKeys.create(record)
      const revoked = await store().apiKeys.revoke(tenant.id, key.id, instant(0))
      expect(revoked).toStrictEqual({ ...key, revokedAt: instant(0) })
      expect(await store().apiKeys.revoke(tenant.id, key.id, instant(99))).toStrictEqual(revoked)
      expect(await store().apiKeys.findByHash(record.hash)).toStrictEqual({ ...record, revokedAt: instant(0) })
    })

    it("touch records when a key was last used", async () => {
      const { tenant, live } = await freshTenant(store())
      const key = await store().apiKeys.create(anApiKey(live))
      await store().apiKeys.touch(key.id, instant(5))
      await store().apiKeys.touch(key.id, instant(6))
      expect(await store().apiKeys.get(tenant.id, key.id)).toStrictEqual({ ...key, lastUsedAt: instant(6) })
    })
  })
