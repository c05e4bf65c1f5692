import { BackOfficeReceipt, type Device, type ReceiptId, type Store, type TenantScope } from "@fisco/core"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { freshTenant, instant, nextId, now, storedDevice } from "./fixtures.js"
import type { SuiteContext } from "./suite-context.js"

const rate = (basisPoints: number) => ({ _tag: "rate" as const, basisPoints })
const line = (amount: number, basisPoints: number) => ({ description: "Articolo", quantityMilli: 1000, unitPrice: amount, amount, vat: rate(basisPoints) })

let documents = 0

/** A back-office sale of 12.20 at 22% and 5.50 at 10% on `device`, day 2025-03-01 unless overridden. */
export const aBackOfficeReceipt = (scope: TenantScope, device: Device, overrides: Partial<BackOfficeReceipt> = {}): BackOfficeReceipt => {
  const at = now()
  return {
    id: nextId("rcpt") as ReceiptId,
    tenantId: scope.tenantId,
    livemode: scope.livemode,
    deviceId: device.id,
    siteId: device.siteId,
    documentId: `POS1-${++documents}-${Math.random().toString(36).slice(2, 8)}`,
    businessDay: "2025-03-01",
    kind: "sale",
    currency: "EUR",
    lines: [line(1220, 2200), line(550, 1000)],
    payments: [{ method: "cash", amount: 1770 }],
    total: 1770,
    print: { state: "not-printed" },
    createdAt: at,
    updatedAt: at,
    ...overrides
  }
}

const scopeWithDevice = async (store: Store) => {
  const { live, test, tenant } = await freshTenant(store)
  return { live, test, tenant, device: await storedDevice(store, live) }
}

export const backOfficeReceiptTests = ({ store }: SuiteContext) =>
  describe("back-office receipts", () => {
    it("stores a receipt and reads it back whole, by id and by documentId", async () => {
      const { live, device } = await scopeWithDevice(store())
      const receipt = aBackOfficeReceipt(live, device, { customerTaxId: "RSSMRA80A01F205X", reference: undefined })
      const { reference: _, ...expected } = receipt
      expect(await store().backOfficeReceipts.create(receipt)).toStrictEqual({ receipt: expected, created: true })
      const read = await store().backOfficeReceipts.get(live, receipt.id)
      expect(read).toStrictEqual(expected)
      expect(Schema.is(BackOfficeReceipt)(read)).toBe(true)
      expect(await store().backOfficeReceipts.getByDocumentId(live, receipt.documentId)).toStrictEqual(expected)
      expect(await store().backOfficeReceipts.get(live, nextId("rcpt") as ReceiptId)).toBeUndefined()
    })

    it("a second receipt with the same documentId stores nothing and returns the first, even concurrently", async () => {
      const { live, device } = await scopeWithDevice(store())
      const first = aBackOfficeReceipt(live, device)
      const [a, b] = await Promise.all([
        store().backOfficeReceipts.create(first),
        store().backOfficeReceipts.create({ ...first, id: nextId("rcpt") as ReceiptId, total: 1 })
      ])
      expect([a.created, b.created].sort()).toEqual([false, true])
      expect(a.receipt).toStrictEqual(b.receipt)
      const { data } = await store().backOfficeReceipts.list(live, {}, { limit: 10 })
      expect(data).toHaveLength(1)
      const totals = await store().backOfficeReceipts.dailyTotals(live, { from: "2025-03-01", to: "2025-03-01" })
      expect(totals.map((t) => t.sales).sort()).toEqual([1220, 550].sort())
    })

    it("the same documentId in another tenant or mode is another receipt; nothing crosses scopes", async () => {
      const { live, test, device } = await scopeWithDevice(store())
      const other = await scopeWithDevice(store())
      const receipt = aBackOfficeReceipt(live, device)
      await store().backOfficeReceipts.create(receipt)
      const inTest = await store().backOfficeReceipts.create({ ...aBackOfficeReceipt(test, device), documentId: receipt.documentId })
      const inOther = await store().backOfficeReceipts.create({ ...aBackOfficeReceipt(other.live, other.device), documentId: receipt.documentId })
      expect([inTest.created, inOther.created]).toEqual([true, true])
      expect(await store().backOfficeReceipts.get(other.live, receipt.id)).toBeUndefined()
      expect(await store().backOfficeReceipts.getByDocumentId(other.live, receipt.documentId)).toStrictEqual(inOther.receipt)
      expect((await store().backOfficeReceipts.list(other.live, {}, { limit: 10 })).data.map((r) => r.id)).toEqual([inOther.receipt.id])
      expect(await store().backOfficeReceipts.updatePrint(other.live, receipt.id, ["not-printed"], { state: "printing" }, now())).toBeUndefined()
      expect(await store().backOfficeReceipts.dailyTotals(other.live, { deviceId: device.id, from: "2025-01-01", to: "2025-12-31" })).toEqual([])
    })

    it("lists newest first, filtered by device, site, business days and print state, with a cursor", async () => {
      const { live, device } = await scopeWithDevice(store())
      const otherDevice = await storedDevice(store(), live, { serial: "99MEY000777" })
      const made: BackOfficeReceipt[] = []
      for (const day of ["2025-03-01", "2025-03-02", "2025-03-03"]) made.push((await store().backOfficeReceipts.create(aBackOfficeReceipt(live, device, { businessDay: day }))).receipt)
      const elsewhere = (await store().backOfficeReceipts.create(aBackOfficeReceipt(live, otherDevice))).receipt
      await store().backOfficeReceipts.updatePrint(live, made[0]!.id, ["not-printed"], { state: "failed", error: { code: "device_unreachable", message: "down" } }, now())

      const ids = async (filter: Parameters<Store["backOfficeReceipts"]["list"]>[1]) => (await store().backOfficeReceipts.list(live, filter, { limit: 10 })).data.map((r) => r.id)
      expect(await ids({})).toEqual([elsewhere.id, made[2]!.id, made[1]!.id, made[0]!.id])
      expect(await ids({ deviceId: device.id })).toEqual([made[2]!.id, made[1]!.id, made[0]!.id])
      expect(await ids({ siteId: otherDevice.siteId })).toEqual([elsewhere.id])
      expect(await ids({ deviceId: device.id, from: "2025-03-02", to: "2025-03-03" })).toEqual([made[2]!.id, made[1]!.id])
      expect(await ids({ printState: "failed" })).toEqual([made[0]!.id])
      const first = await store().backOfficeReceipts.list(live, { deviceId: device.id }, { limit: 2 })
      expect(first.hasMore).toBe(true)
      const second = await store().backOfficeReceipts.list(live, { deviceId: device.id }, { limit: 2, startingAfter: first.data[1]!.id })
      expect(second.data.map((r) => r.id)).toEqual([made[0]!.id])
      expect(second.hasMore).toBe(false)
    })

    it("moves the print state only from an expected state (compare-and-set)", async () => {
      const { live, device } = await scopeWithDevice(store())
      const { receipt } = await store().backOfficeReceipts.create(aBackOfficeReceipt(live, device))
      const claims = await Promise.all([0, 1, 2].map(() => store().backOfficeReceipts.updatePrint(live, receipt.id, ["not-printed", "failed"], { state: "printing" }, instant(1))))
      expect(claims.filter((c) => c !== undefined)).toHaveLength(1)
      const document = { deviceId: device.id, number: { z: 12, document: 34 }, formatted: "0012-0034", issuedAt: "2025-03-01T10:00:00+01:00", total: 1770 }
      const printed = await store().backOfficeReceipts.updatePrint(live, receipt.id, ["printing"], { state: "printed", document }, instant(2))
      expect(printed).toStrictEqual({ ...receipt, print: { state: "printed", document }, updatedAt: instant(2) })
      expect(await store().backOfficeReceipts.updatePrint(live, receipt.id, ["not-printed", "failed"], { state: "printing" }, instant(3))).toBeUndefined()
      expect(await store().backOfficeReceipts.get(live, receipt.id)).toStrictEqual(printed)
    })

    it("sums gross sales, refunds and voids per device, day and VAT code", async () => {
      const { live, device } = await scopeWithDevice(store())
      const otherDevice = await storedDevice(store(), live, { serial: "99MEY000778" })
      const put = (overrides: Partial<BackOfficeReceipt>, on = device) => store().backOfficeReceipts.create(aBackOfficeReceipt(live, on, overrides))
      await put({})
      await put({ lines: [line(2440, 2200)], total: 2440, payments: [{ method: "card", amount: 2440 }] })
      await put({ kind: "refund", lines: [line(1220, 2200)], total: 1220, payments: [] })
      await put({ kind: "void", lines: [line(550, 1000)], total: 550, payments: [] })
      await put({ businessDay: "2025-03-02", lines: [line(100, 400)], total: 100 })
      await put({}, otherDevice)
      await put({ businessDay: "2025-02-28" })

      const totals = await store().backOfficeReceipts.dailyTotals(live, { deviceId: device.id, from: "2025-03-01", to: "2025-03-02" })
      expect(totals).toEqual([
        { deviceId: device.id, day: "2025-03-01", vatKey: "rate:1000", sales: 550, returns: 0, voids: 550 },
        { deviceId: device.id, day: "2025-03-01", vatKey: "rate:2200", sales: 1220 + 2440, returns: 1220, voids: 0 },
        { deviceId: device.id, day: "2025-03-02", vatKey: "rate:400", sales: 100, returns: 0, voids: 0 }
      ])
      const bySite = await store().backOfficeReceipts.dailyTotals(live, { siteId: otherDevice.siteId, from: "2025-03-01", to: "2025-03-01" })
      expect(bySite.map((t) => [t.deviceId, t.vatKey, t.sales])).toEqual([
        [otherDevice.id, "rate:1000", 550],
        [otherDevice.id, "rate:2200", 1220]
      ])
    })
  })
