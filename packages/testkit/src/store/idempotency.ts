import { describe, expect, it } from "vitest"
import { freshTenant, now } from "./fixtures.js"
import type { SuiteContext } from "./suite-context.js"

const response = { status: 201, body: "{\"id\":\"dev_1\"}", headers: { "content-type": "application/json" } }

export const idempotencyTests = ({ store }: SuiteContext) =>
  describe("idempotency keys", () => {
    it("claims a key once; a second claim sees the in-flight record", async () => {
      const { tenant } = await freshTenant(store())
      const at = now()
      expect(await store().idempotency.claim(tenant.id, "k1", "fp-a", at)).toStrictEqual({ claimed: true })
      expect(await store().idempotency.claim(tenant.id, "k1", "fp-b", now())).toStrictEqual({
        claimed: false,
        existing: { tenantId: tenant.id, key: "k1", fingerprint: "fp-a", state: "in-flight", createdAt: at }
      })
    })

    it("of two concurrent claims exactly one wins", async () => {
      const { tenant } = await freshTenant(store())
      const claims = await Promise.all([0, 1, 2, 3].map(() => store().idempotency.claim(tenant.id, "race", "fp", now())))
      expect(claims.filter((c) => c.claimed)).toHaveLength(1)
    })

    it("after complete, a claim returns the stored response", async () => {
      const { tenant } = await freshTenant(store())
      const at = now()
      await store().idempotency.claim(tenant.id, "k2", "fp", at)
      await store().idempotency.complete(tenant.id, "k2", response)
      expect(await store().idempotency.claim(tenant.id, "k2", "fp", now())).toStrictEqual({
        claimed: false,
        existing: { tenantId: tenant.id, key: "k2", fingerprint: "fp", state: "completed", response, createdAt: at }
      })
      // Releasing is for failed in-flight requests: a completed response stays replayable.
      await store().idempotency.release(tenant.id, "k2")
      expect((await store().idempotency.claim(tenant.id, "k2", "fp", now())).claimed).toBe(false)
    })

    it("release frees an in-flight key for the next claim", async () => {
      const { tenant } = await freshTenant(store())
      await store().idempotency.claim(tenant.id, "k3", "fp", now())
      await store().idempotency.release(tenant.id, "k3")
      expect(await store().idempotency.claim(tenant.id, "k3", "fp", now())).toStrictEqual({ claimed: true })
    })

    it("keys are per tenant", async () => {
      const a = await freshTenant(store())
      const b = await freshTenant(store(), "Other")
      expect((await store().idempotency.claim(a.tenant.id, "same", "fp", now())).claimed).toBe(true)
      expect((await store().idempotency.claim(b.tenant.id, "same", "fp", now())).claimed).toBe(true)
    })

    it("purge deletes records older than the given time and counts them", async () => {
      const { tenant } = await freshTenant(store())
      // Far in the past, so no other test's records fall before the cut.
      await store().idempotency.claim(tenant.id, "old-1", "fp", "2001-01-01T00:00:00.000Z")
      await store().idempotency.claim(tenant.id, "old-2", "fp", "2001-01-02T00:00:00.000Z")
      await store().idempotency.complete(tenant.id, "old-2", response)
      await store().idempotency.claim(tenant.id, "young", "fp", "2001-02-01T00:00:00.000Z")
      expect(await store().idempotency.purge("2001-01-15T00:00:00.000Z")).toBe(2)
      expect((await store().idempotency.claim(tenant.id, "old-1", "fp", now())).claimed).toBe(true)
      expect((await store().idempotency.claim(tenant.id, "young", "fp", now())).claimed).toBe(false)
    })
  })
