import { describe, expect, it } from "vitest"
import { type BackOfficeDailyVatTotal, type DeviceDailyVatTotal, type DeviceId, reconcile, splitGross, vatFromKey, vatKey } from "../src/index.js"

const DEV = "dev_01JD6Q0W3Z8N4K2V7H5R9T1B3C" as DeviceId
const OTHER = "dev_01JD6Q0W3Z8N4K2V7H5R9T1B3D" as DeviceId
const r22 = { _tag: "rate" as const, basisPoints: 2200 }
const r10 = { _tag: "rate" as const, basisPoints: 1000 }

const bo = (vatKey: string, sales: number, returns = 0, voids = 0, day = "2025-03-01", deviceId = DEV): BackOfficeDailyVatTotal => ({ deviceId, day, vatKey, sales, returns, voids })

/** What an RT writes in the Riepilogo for gross day totals at a rate (as the Epson simulator and real files do). */
const riepilogo = (vat: typeof r22, sales: number, returns = 0, voids = 0, day = "2025-03-01", deviceId = DEV): DeviceDailyVatTotal => {
  const net = (g: number) => splitGross(g, vat.basisPoints).net
  const taxAt = (c: number) => Math.sign(c) * Math.floor((Math.abs(c) * vat.basisPoints + 5000) / 10000)
  const [amount, ret, vo] = [net(sales), net(returns), net(voids)]
  return { deviceId, day, zNumber: 7, vat, amount, tax: taxAt(amount) - taxAt(ret) - taxAt(vo), returns: ret, voids: vo }
}

describe("quadratura: reconcile", () => {
  it("matches when the back office's gross totals are what the device reported, sales, refunds and voids alike", () => {
    const rows = reconcile([bo("rate:2200", 1220 + 2440, 1220), bo("rate:1000", 2200, 0, 1100)], [riepilogo(r22, 3660, 1220), riepilogo(r10, 2200, 0, 1100)])
    expect(rows.map((r) => [r.vat, r.status, r.difference])).toEqual([
      [r10, "match", 0],
      [r22, "match", 0]
    ])
    expect(rows[1]!.backOffice).toMatchObject({ sales: 3660, returns: 1220, takings: 2440 })
    expect(rows[1]!.device).toMatchObject({ zNumber: 7, amount: 3000, returns: 1000, takings: 2440 })
  })

  it("flags a one-cent difference on the rate where it is, and only there", () => {
    const rows = reconcile([bo("rate:2200", 1221), bo("rate:1000", 550)], [riepilogo(r22, 1220), riepilogo(r10, 550)])
    const at22 = rows.find((r) => vatKey(r.vat) === "rate:2200")!
    expect(at22).toMatchObject({ status: "difference", difference: 1, differences: { sales: 1, returns: 0, voids: 0 } })
    expect(rows.find((r) => vatKey(r.vat) === "rate:1000")!.status).toBe("match")
  })

  it("a tolerance lets small differences through", () => {
    expect(reconcile([bo("rate:2200", 1221)], [riepilogo(r22, 1220)], 1)[0]!.status).toBe("match")
    expect(reconcile([bo("rate:2200", 1222)], [riepilogo(r22, 1220)], 1)[0]!.status).toBe("difference")
  })

  it("a refund booked as a sale in the back office shows even when takings agree", () => {
    // Back office: 10.00 sold, nothing returned; device: 22.20 sold, 12.20 returned. Same takings, different story.
    const rows = reconcile([bo("rate:2200", 1000)], [riepilogo(r22, 2220, 1220)])
    expect(rows[0]).toMatchObject({ status: "difference", difference: 0 })
    expect(rows[0]!.differences.returns).toBe(-1000)
  })

  it("reports rows missing on either side, per device and day", () => {
    const rows = reconcile([bo("rate:2200", 1220), bo("rate:400", 104, 0, 0, "2025-03-02")], [riepilogo(r22, 1220), riepilogo(r10, 550, 0, 0, "2025-03-01", OTHER)])
    expect(rows.map((r) => [r.deviceId === DEV ? "dev" : "other", r.day, r.vat, r.status])).toEqual([
      ["dev", "2025-03-01", r22, "match"],
      ["dev", "2025-03-02", { _tag: "rate", basisPoints: 400 }, "missing-on-device"],
      ["other", "2025-03-01", r10, "missing-in-back-office"]
    ])
    expect(rows[1]!.device).toBeUndefined()
    expect(rows[2]!.backOffice).toBeUndefined()
    expect(rows[2]!.difference).toBe(-550)
  })

  it("sums several Z of one day and compares a Natura gross on both sides", () => {
    const n4 = { _tag: "natura" as const, code: "N4" }
    const rows = reconcile(
      [bo("rate:2200", 2440), bo("natura:N4", 300)],
      [riepilogo(r22, 1220), { ...riepilogo(r22, 1220), zNumber: 8 }, { deviceId: DEV, day: "2025-03-01", zNumber: 8, vat: n4, amount: 300, tax: 0, returns: 0, voids: 0 }]
    )
    expect(rows.map((r) => r.status)).toEqual(["match", "match"])
    expect(rows.find((r) => r.vat._tag === "rate")!.device!.zNumber).toBe(8)
  })

  it("vatFromKey reads back what vatKey writes, and nothing else", () => {
    expect(vatFromKey("rate:2200")).toEqual(r22)
    expect(vatFromKey("natura:N2.1")).toEqual({ _tag: "natura", code: "N2.1" })
    expect(vatFromKey("rate:x")).toBeUndefined()
    expect(vatFromKey("bogus")).toBeUndefined()
  })
})
