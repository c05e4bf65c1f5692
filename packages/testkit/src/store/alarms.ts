import { Alarm, type AlarmFilter, type AlarmId } from "@fisco/core"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { anAlarm, freshTenant, instant, nextId, storedDevice } from "./fixtures.js"
import { expectFivePagedNewestFirst } from "./paging.js"
import type { SuiteContext } from "./suite-context.js"

export const alarmTests = ({ store }: SuiteContext) =>
  describe("alarms", () => {
    it("raises a new alarm with one occurrence, optional fields absent when unset", async () => {
      const { live } = await freshTenant(store())
      const raise = anAlarm({}, instant(0))
      const expected: Alarm = {
        id: raise.id,
        tenantId: live.tenantId,
        livemode: true,
        type: raise.type,
        severity: raise.severity,
        dedupeKey: raise.dedupeKey,
        state: "raised",
        message: raise.message,
        details: {},
        occurrences: 1,
        raisedAt: instant(0),
        lastSeenAt: instant(0)
      }
      expect(await store().alarms.raise(live, raise)).toStrictEqual(expected)
      const read = await store().alarms.get(live, raise.id)
      expect(read).toStrictEqual(expected)
      expect(Schema.is(Alarm)(read)).toBe(true)
      expect(await store().alarms.get(live, nextId("alm") as AlarmId)).toBeUndefined()
    })

    it("keeps device, site and details when given", async () => {
      const { live } = await freshTenant(store())
      const device = await storedDevice(store(), live)
      const raise = anAlarm({ deviceId: device.id, siteId: device.siteId, details: { code: 7, flags: ["a"] } })
      const alarm = await store().alarms.raise(live, raise)
      expect(alarm).toMatchObject({ deviceId: device.id, siteId: device.siteId, details: { code: 7, flags: ["a"] } })
      expect(await store().alarms.get(live, alarm.id)).toStrictEqual(alarm)
    })

    it("raising an open dedupe key again bumps occurrences and lastSeenAt of the same alarm", async () => {
      const { live } = await freshTenant(store())
      const first = await store().alarms.raise(live, anAlarm({ dedupeKey: "dev_1:paper.end" }, instant(0)))
      const again = await store().alarms.raise(live, anAlarm({ dedupeKey: "dev_1:paper.end" }, instant(30)))
      expect(again).toStrictEqual({ ...first, occurrences: 2, lastSeenAt: instant(30) })
      expect((await store().alarms.list(live, {}, { limit: 10 })).data).toStrictEqual([again])
    })

    it("concurrent raises of one dedupe key make one alarm counting every occurrence", async () => {
      const { live } = await freshTenant(store())
      const pair = await Promise.all([store().alarms.raise(live, anAlarm({ dedupeKey: "k" })), store().alarms.raise(live, anAlarm({ dedupeKey: "k" }))])
      expect(pair[0].id).toBe(pair[1].id)
      expect((await store().alarms.get(live, pair[0].id))?.occurrences).toBe(2)
      await Promise.all(Array.from({ length: 6 }, () => store().alarms.raise(live, anAlarm({ dedupeKey: "k" }))))
      const { data } = await store().alarms.list(live, {}, { limit: 10 })
      expect(data.map((a) => [a.id, a.occurrences])).toEqual([[pair[0].id, 8]])
    })

    it("acknowledges a raised alarm; raising it again still bumps the same alarm", async () => {
      const { live } = await freshTenant(store())
      const alarm = await store().alarms.raise(live, anAlarm({ dedupeKey: "k" }, instant(0)))
      const acked = await store().alarms.acknowledge(live, alarm.id, "usr_01JD6Q0W3Z8N4K2V7H5R9T1B3C", instant(10))
      expect(acked).toStrictEqual({ ...alarm, state: "acknowledged", acknowledgedAt: instant(10), acknowledgedBy: "usr_01JD6Q0W3Z8N4K2V7H5R9T1B3C" })
      expect(await store().alarms.get(live, alarm.id)).toStrictEqual(acked)
      const bumped = await store().alarms.raise(live, anAlarm({ dedupeKey: "k" }, instant(20)))
      expect(bumped).toStrictEqual({ ...acked, occurrences: 2, lastSeenAt: instant(20) })
      expect(await store().alarms.acknowledge(live, nextId("alm") as AlarmId, "someone", instant(30))).toBeUndefined()
    })

    it("clears the open alarm; a later raise opens a new one", async () => {
      const { live } = await freshTenant(store())
      const alarm = await store().alarms.raise(live, anAlarm({ dedupeKey: "k" }, instant(0)))
      const cleared = await store().alarms.clear(live, "k", instant(60))
      expect(cleared).toStrictEqual({ ...alarm, state: "cleared", clearedAt: instant(60) })
      expect(await store().alarms.clear(live, "k", instant(61))).toBeUndefined()
      expect(await store().alarms.clear(live, "never-raised", instant(61))).toBeUndefined()
      const reopened = await store().alarms.raise(live, anAlarm({ dedupeKey: "k" }, instant(120)))
      expect(reopened.id).not.toBe(alarm.id)
      expect(reopened).toMatchObject({ state: "raised", occurrences: 1, raisedAt: instant(120) })
      expect(await store().alarms.get(live, alarm.id)).toStrictEqual(cleared)
      expect((await store().alarms.list(live, {}, { limit: 10 })).data.map((a) => a.id)).toEqual([reopened.id, alarm.id])
    })

    it("lists newest first with limit, startingAfter and hasMore", async () => {
      const { live } = await freshTenant(store())
      const ids: Array<string> = []
      for (let i = 0; i < 5; i++) ids.push((await store().alarms.raise(live, anAlarm())).id)
      await expectFivePagedNewestFirst((page) => store().alarms.list(live, {}, page), (a) => a.id, ids)
    })

    it("filters the list by state, severity, type, device and site", async () => {
      const { live } = await freshTenant(store())
      const device = await storedDevice(store(), live)
      const paper = await store().alarms.raise(live, anAlarm({ type: "paper.end", severity: "critical", deviceId: device.id, siteId: device.siteId, dedupeKey: "a" }))
      const drift = await store().alarms.raise(live, anAlarm({ type: "clock.drift", severity: "warning", dedupeKey: "b" }))
      const cover = await store().alarms.raise(live, anAlarm({ type: "cover.open", severity: "warning", siteId: device.siteId, dedupeKey: "c" }))
      await store().alarms.clear(live, "c", instant(0))
      const ids = async (filter: AlarmFilter) =>
        (await store().alarms.list(live, filter, { limit: 10 })).data.map((a) => a.id)
      expect(await ids({ state: "raised" })).toEqual([drift.id, paper.id])
      expect(await ids({ state: "cleared" })).toEqual([cover.id])
      expect(await ids({ severity: "warning" })).toEqual([cover.id, drift.id])
      expect(await ids({ type: "paper.end" })).toEqual([paper.id])
      expect(await ids({ deviceId: device.id })).toEqual([paper.id])
      expect(await ids({ siteId: device.siteId })).toEqual([cover.id, paper.id])
      expect(await ids({ siteId: device.siteId, state: "raised" })).toEqual([paper.id])
    })
  })
