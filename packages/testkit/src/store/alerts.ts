import { Conflict, type DigestDelivery, type DigestDeliveryId, type DistributionListId, type StoredDistributionList, type TenantScope } from "@fisco/core"
import { describe, expect, it } from "vitest"
import { aStatus, aUser, freshTenant, instant, nextId, now, storedDevice } from "./fixtures.js"
import { expectFivePagedNewestFirst } from "./paging.js"
import type { SuiteContext } from "./suite-context.js"

const aList = (scope: TenantScope, overrides: Partial<StoredDistributionList> = {}): StoredDistributionList => {
  const at = now()
  return {
    id: nextId("dl") as DistributionListId,
    tenantId: scope.tenantId,
    livemode: scope.livemode,
    name: "Amministrazione",
    recipients: [{ email: "ufficio@negozi.it", name: "Ufficio" }],
    roles: ["accountant"],
    functions: ["amministrazione"],
    schedule: { cron: "0 8 * * MON-FRI", timezone: "Europe/Rome" },
    filters: { states: ["raised", "acknowledged"], severities: ["critical"] },
    sendWhenEmpty: false,
    createdAt: at,
    updatedAt: at,
    ...overrides
  }
}

const aDelivery = (list: StoredDistributionList, overrides: Partial<DigestDelivery> = {}): DigestDelivery => ({
  id: nextId("dlv") as DigestDeliveryId,
  tenantId: list.tenantId,
  livemode: list.livemode,
  listId: list.id,
  runKey: `job-${Math.random().toString(36).slice(2)}`,
  trigger: "schedule",
  outcome: "sending",
  recipientCount: 0,
  alarmCount: 0,
  startedAt: now(),
  ...overrides
})

/** Distribution lists, their delivery history, tenant settings, user functions and the reading's serial. */
export const alertTests = ({ store }: SuiteContext) =>
  describe("distribution lists, digest deliveries and tenant settings", () => {
    it("stores a list and reads it back exactly; updates and deletes it", async () => {
      const { live } = await freshTenant(store())
      const list = aList(live, { sendWhenEmpty: true, filters: { states: ["raised"], siteIds: [nextId("site") as never], alarmTypes: ["dgfe.full"] } })
      expect(await store().distributionLists.create(list)).toStrictEqual(list)
      expect(await store().distributionLists.get(live, list.id)).toStrictEqual(list)
      const changed = { ...list, name: "IT", roles: [], schedule: { cron: "*/5 * * * *", timezone: "UTC" }, updatedAt: now() }
      expect(await store().distributionLists.update(live, changed)).toStrictEqual(changed)
      expect(await store().distributionLists.get(live, list.id)).toStrictEqual(changed)
      expect(await store().distributionLists.delete(live, list.id)).toBe(true)
      expect(await store().distributionLists.get(live, list.id)).toBeUndefined()
      expect(await store().distributionLists.delete(live, list.id)).toBe(false)
      expect(await store().distributionLists.update(live, changed)).toBeUndefined()
    })

    it("lists newest first with paging", async () => {
      const { test } = await freshTenant(store())
      const ids: string[] = []
      for (let i = 0; i < 5; i++) ids.push((await store().distributionLists.create(aList(test, { name: `List ${i}` }))).id)
      await expectFivePagedNewestFirst((page) => store().distributionLists.list(test, page), (l) => l.id, ids)
    })

    it("records one delivery per run (a second is a Conflict), updates it, lists a list's history, and deletes it with the list", async () => {
      const { live } = await freshTenant(store())
      const list = await store().distributionLists.create(aList(live))
      const other = await store().distributionLists.create(aList(live))
      const first = aDelivery(list, { startedAt: instant(0) })
      expect(await store().digestDeliveries.create(first)).toStrictEqual(first)
      await expect(store().digestDeliveries.create(aDelivery(list, { runKey: first.runKey }))).rejects.toBeInstanceOf(Conflict)
      // The same run key on another list is another run.
      await store().digestDeliveries.create(aDelivery(other, { runKey: first.runKey }))
      expect(await store().digestDeliveries.findByRun(live, list.id, first.runKey)).toStrictEqual(first)
      expect(await store().digestDeliveries.findByRun(live, list.id, "no-such-run")).toBeUndefined()

      const done: DigestDelivery = { ...first, outcome: "sent", recipientCount: 3, alarmCount: 2, messageId: "<m@x>", finishedAt: instant(5) }
      expect(await store().digestDeliveries.update(live, done)).toStrictEqual(done)
      const second = await store().digestDeliveries.create(aDelivery(list, { outcome: "skipped", reason: "empty", finishedAt: instant(70) }))
      expect((await store().digestDeliveries.list(live, list.id, { limit: 10 })).data).toStrictEqual([second, done])

      await store().distributionLists.delete(live, list.id)
      expect((await store().digestDeliveries.list(live, list.id, { limit: 10 })).data).toEqual([])
      expect((await store().digestDeliveries.list(live, other.id, { limit: 10 })).data).toHaveLength(1)
    })

    it("keeps each scope's threshold overrides; {} when none, replaced by a later put", async () => {
      const { live, test } = await freshTenant(store())
      expect(await store().tenantSettings.getThresholds(live)).toEqual({})
      await store().tenantSettings.putThresholds(live, { certificateWarningDays: 10, raiseAfter: 2 }, now())
      expect(await store().tenantSettings.getThresholds(live)).toEqual({ certificateWarningDays: 10, raiseAfter: 2 })
      expect(await store().tenantSettings.getThresholds(test)).toEqual({})
      await store().tenantSettings.putThresholds(live, { dayOpenMaxHours: 30 }, now())
      expect(await store().tenantSettings.getThresholds(live)).toEqual({ dayOpenMaxHours: 30 })
    })

    it("stores the business functions of a user, absent when none", async () => {
      const { tenant } = await freshTenant(store())
      const other = await freshTenant(store(), "Other")
      const record = aUser(tenant.id, { functions: ["amministrazione", "punto-vendita"] })
      const { passwordHash: _h, ...user } = record
      expect(await store().users.create(record)).toStrictEqual(user)
      const updated = await store().users.setFunctions(tenant.id, user.id, ["assistenza-tecnica"])
      expect(updated).toStrictEqual({ ...user, functions: ["assistenza-tecnica"] })
      const { functions: _f, ...none } = user
      expect(await store().users.setFunctions(tenant.id, user.id, [])).toStrictEqual(none)
      expect(await store().users.setFunctions(other.tenant.id, user.id, ["it"])).toBeUndefined()
    })

    it("keeps the serial a reading answered with", async () => {
      const { live } = await freshTenant(store())
      const device = await storedDevice(store(), live)
      const status = aStatus(device.id, instant(0), { serial: "99MEY012345", firmware: "6.01" })
      await store().deviceStatuses.record(live, status)
      expect(await store().deviceStatuses.latest(live, device.id)).toStrictEqual(status)
    })

    it("another tenant, or the other mode, sees none of it", async () => {
      const { live } = await freshTenant(store())
      const intruders = [(await freshTenant(store(), "Intruder")).live, { ...live, livemode: false }]
      const list = await store().distributionLists.create(aList(live))
      const delivery = await store().digestDeliveries.create(aDelivery(list))
      await store().tenantSettings.putThresholds(live, { raiseAfter: 3 }, now())
      for (const intruder of intruders) {
        expect(await store().distributionLists.get(intruder, list.id)).toBeUndefined()
        expect((await store().distributionLists.list(intruder, { limit: 100 })).data.map((l) => l.id)).not.toContain(list.id)
        expect(await store().distributionLists.update(intruder, { ...list, name: "Hijacked" })).toBeUndefined()
        expect(await store().distributionLists.delete(intruder, list.id)).toBe(false)
        expect(await store().digestDeliveries.findByRun(intruder, list.id, delivery.runKey)).toBeUndefined()
        expect(await store().digestDeliveries.update(intruder, { ...delivery, outcome: "sent" })).toBeUndefined()
        expect((await store().digestDeliveries.list(intruder, list.id, { limit: 100 })).data).toEqual([])
        expect(await store().tenantSettings.getThresholds(intruder)).toEqual({})
      }
      expect(await store().distributionLists.get(live, list.id)).toStrictEqual(list)
      expect(await store().digestDeliveries.findByRun(live, list.id, delivery.runKey)).toStrictEqual(delivery)
    })
  })
