import { DeviceStatus } from "@fisco/core"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { aStatus, freshTenant, instant, storedDevice } from "./fixtures.js"
import { expectFivePagedNewestFirst } from "./paging.js"
import type { SuiteContext } from "./suite-context.js"

export const deviceStatusTests = ({ store }: SuiteContext) =>
  describe("device statuses", () => {
    it("records readings and reads the latest back exactly", async () => {
      const { live } = await freshTenant(store())
      const device = await storedDevice(store(), live)
      expect(await store().deviceStatuses.latest(live, device.id)).toBeUndefined()
      const older = aStatus(device.id, instant(0), { dayOpen: true, firmware: "5.02", deviceTime: instant(-3) })
      const newer = aStatus(device.id, instant(60), { health: "ok", conditions: [], dayOpen: false, raw: { format: "json", body: "{}" } })
      // Recorded out of order: "latest" is by observation time, not insertion.
      await store().deviceStatuses.record(live, newer)
      await store().deviceStatuses.record(live, older)
      const latest = await store().deviceStatuses.latest(live, device.id)
      expect(latest).toStrictEqual(newer)
      expect(Schema.is(DeviceStatus)(latest)).toBe(true)
      const { data } = await store().deviceStatuses.history(live, device.id, { limit: 10 })
      expect(data).toStrictEqual([newer, older])
    })

    it("pages the history newest first by observedAt", async () => {
      const { live } = await freshTenant(store())
      const device = await storedDevice(store(), live)
      const times = [0, 10, 20, 30, 40].map((s) => instant(s))
      for (const at of [times[2], times[0], times[4], times[1], times[3]]) await store().deviceStatuses.record(live, aStatus(device.id, at as string))
      await expectFivePagedNewestFirst((page) => store().deviceStatuses.history(live, device.id, page), (s) => s.observedAt, times)
    })

    it("keeps each device's history apart", async () => {
      const { live } = await freshTenant(store())
      const a = await storedDevice(store(), live)
      const b = await storedDevice(store(), live)
      await store().deviceStatuses.record(live, aStatus(a.id, instant(0)))
      await store().deviceStatuses.record(live, aStatus(b.id, instant(5)))
      expect((await store().deviceStatuses.latest(live, a.id))?.observedAt).toBe(instant(0))
      expect((await store().deviceStatuses.history(live, a.id, { limit: 10 })).data.map((s) => s.deviceId)).toEqual([a.id])
    })
  })
