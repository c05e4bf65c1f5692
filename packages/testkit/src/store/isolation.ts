import type { Store, TenantScope } from "@fisco/core"
import { describe, expect, it } from "vitest"
import { aStatus, anAlarm, anApiKey, aUser, freshTenant, instant, now, storedDevice } from "./fixtures.js"
import type { SuiteContext } from "./suite-context.js"

/** Everything `owner` can see, looked at through `intruder`: it must all come back empty. */
const expectInvisible = async (store: Store, owner: TenantScope, intruder: TenantScope) => {
  const device = await storedDevice(store, owner)
  const site = await store.sites.get(owner, device.siteId)
  const alarm = await store.alarms.raise(owner, anAlarm({ deviceId: device.id }))
  await store.deviceStatuses.record(owner, aStatus(device.id, instant(0)))
  const page = { limit: 100 }

  expect(site).toBeDefined()
  expect(await store.sites.get(intruder, device.siteId)).toBeUndefined()
  expect((await store.sites.list(intruder, page)).data.map((s) => s.id)).not.toContain(device.siteId)
  expect(await store.sites.update(intruder, { ...site!, name: "Hijacked" })).toBeUndefined()

  expect(await store.devices.get(intruder, device.id)).toBeUndefined()
  expect((await store.devices.list(intruder, {}, page)).data.map((d) => d.id)).not.toContain(device.id)
  expect(await store.devices.update(intruder, { ...device, name: "Hijacked" })).toBeUndefined()
  expect(await store.devices.delete(intruder, device.id)).toBe(false)

  expect(await store.deviceStatuses.latest(intruder, device.id)).toBeUndefined()
  expect((await store.deviceStatuses.history(intruder, device.id, page)).data).toEqual([])

  expect(await store.alarms.get(intruder, alarm.id)).toBeUndefined()
  expect((await store.alarms.list(intruder, {}, page)).data.map((a) => a.id)).not.toContain(alarm.id)
  expect(await store.alarms.acknowledge(intruder, alarm.id, "intruder", now())).toBeUndefined()
  expect(await store.alarms.clear(intruder, alarm.dedupeKey, now())).toBeUndefined()

  // The owner's rows are untouched by all of the above.
  expect(await store.sites.get(owner, device.siteId)).toStrictEqual(site)
  expect(await store.devices.get(owner, device.id)).toStrictEqual(device)
  expect(await store.alarms.get(owner, alarm.id)).toStrictEqual(alarm)
  expect((await store.deviceStatuses.latest(owner, device.id))?.observedAt).toBe(instant(0))
}

export const isolationTests = ({ store }: SuiteContext) =>
  describe("tenant and mode isolation", () => {
    it("another tenant never reads or changes a tenant's sites, devices, statuses or alarms", async () => {
      const owner = await freshTenant(store())
      const intruder = await freshTenant(store(), "Intruder Spa")
      await expectInvisible(store(), owner.live, intruder.live)
    })

    it("the test mode never reads or changes live rows, nor the other way round", async () => {
      const { live, test } = await freshTenant(store())
      await expectInvisible(store(), live, test)
      await expectInvisible(store(), test, live)
    })

    it("an open alarm's dedupe key only dedupes within its own scope", async () => {
      const { live, test } = await freshTenant(store())
      const other = await freshTenant(store(), "Other")
      const raised = await Promise.all([live, test, other.live].map((scope) => store().alarms.raise(scope, anAlarm({ dedupeKey: "same" }))))
      expect(new Set(raised.map((a) => a.id)).size).toBe(3)
      expect(raised.map((a) => a.occurrences)).toEqual([1, 1, 1])
    })

    it("API keys and users are only read through their own tenant", async () => {
      const owner = await freshTenant(store())
      const intruder = await freshTenant(store(), "Intruder Spa")
      const key = await store().apiKeys.create(anApiKey(owner.live))
      const user = await store().users.create(aUser(owner.tenant.id))
      expect(await store().apiKeys.get(intruder.tenant.id, key.id)).toBeUndefined()
      expect(await store().apiKeys.list(intruder.tenant.id)).toEqual([])
      expect(await store().apiKeys.revoke(intruder.tenant.id, key.id, now())).toBeUndefined()
      expect(await store().apiKeys.get(owner.tenant.id, key.id)).toStrictEqual(key)
      expect(await store().users.get(intruder.tenant.id, user.id)).toBeUndefined()
      expect(await store().users.list(intruder.tenant.id)).toEqual([])
    })
  })
