import {
  type CorrispettiviFile,
  type CorrispettiviFileId,
  type CorrispettiviVatRow,
  type Device,
  type Store,
  type TenantScope,
  type Transmission,
  type TransmissionId
} from "@fisco/core"
import { describe, expect, it } from "vitest"
import { freshTenant, nextId, now, storedDevice } from "./fixtures.js"
import type { SuiteContext } from "./suite-context.js"

let counter = 0
const aFile = (scope: TenantScope, device: Device | undefined, overrides: Partial<CorrispettiviFile> = {}): CorrispettiviFile => ({
  id: nextId("cor") as CorrispettiviFileId,
  tenantId: scope.tenantId,
  livemode: scope.livemode,
  ...(device ? { deviceId: device.id, matricola: device.serial } : {}),
  kind: "corrispettivi",
  day: "2025-03-01",
  zNumber: 1,
  fileName: `file-${++counter}.xml`,
  source: "upload",
  sha256: `${counter}`.padStart(64, "0"),
  size: 100,
  simulation: false,
  verification: { state: "verified", xsdValid: true, signatureValid: true, signerCn: device?.serial ?? "X", signerMatchesMatricola: true, totalsConsistent: true, problems: [] },
  receivedAt: now(),
  createdAt: now(),
  ...overrides
})

const rowsOf = (file: CorrispettiviFile, ...vat: ReadonlyArray<readonly [number | string, number, number]>): ReadonlyArray<CorrispettiviVatRow> =>
  vat.map(([code, amount, tax]) => ({
    fileId: file.id,
    ...(file.deviceId ? { deviceId: file.deviceId } : {}),
    ...(file.matricola ? { matricola: file.matricola } : {}),
    day: file.day!,
    ...(file.zNumber === undefined ? {} : { zNumber: file.zNumber }),
    vat: typeof code === "number" ? { _tag: "rate", basisPoints: code } : { _tag: "natura", code },
    amount,
    tax,
    returns: 0,
    voids: 0
  }))

const aTransmission = (scope: TenantScope, device: Device, zNumber: number, overrides: Partial<Transmission> = {}): Transmission => ({
  id: nextId("ztx") as TransmissionId,
  tenantId: scope.tenantId,
  livemode: scope.livemode,
  deviceId: device.id,
  zNumber,
  day: `2025-03-${String(zNumber).padStart(2, "0")}`,
  state: "queued",
  errors: [],
  createdAt: now(),
  updatedAt: now(),
  ...overrides
})

const add = (store: Store, scope: TenantScope, file: CorrispettiviFile, rows: ReadonlyArray<CorrispettiviVatRow> = [], xml = `<x id="${file.id}"/>`) =>
  store.corrispettivi.add(scope, file, xml, rows)

export const corrispettiviTests = ({ store }: SuiteContext) =>
  describe("corrispettivi archive", () => {
    it("stores a file, its raw XML byte for byte and its index rows; a second delivery of the same SHA-256 writes nothing", async () => {
      const { live } = await freshTenant(store())
      const device = await storedDevice(store(), live)
      const file = aFile(live, device)
      const xml = `<?xml version="1.0"?>\n<DatiCorrispettivi>àè €\r\n</DatiCorrispettivi>`
      const first = await add(store(), live, file, rowsOf(file, [2200, 1000, 220]), xml)
      expect(first).toStrictEqual({ file, created: true })
      expect(await store().corrispettivi.get(live, file.id)).toStrictEqual(file)
      expect(await store().corrispettivi.xml(live, file.id)).toBe(xml)
      expect(await store().corrispettivi.findBySha256(live, file.sha256)).toStrictEqual(file)
      const again = await add(store(), live, { ...file, id: nextId("cor") as CorrispettiviFileId, fileName: "other.xml" }, rowsOf(file, [2200, 5, 1]))
      expect(again).toStrictEqual({ file, created: false })
      expect((await store().corrispettivi.list(live, {}, { limit: 10 })).data).toStrictEqual([file])
      expect(await store().corrispettivi.vatRows(live, {})).toHaveLength(1)
    })

    it("concurrent deliveries of one file store it once", async () => {
      const { live } = await freshTenant(store())
      const file = aFile(live, undefined)
      const results = await Promise.all([0, 1, 2].map((i) => add(store(), live, { ...file, id: nextId("cor") as CorrispettiviFileId }, rowsOf(file, [2200, 100 + i, 22]))))
      expect(results.filter((r) => r.created)).toHaveLength(1)
      expect(new Set(results.map((r) => r.file.id)).size).toBe(1)
      expect(await store().corrispettivi.vatRows(live, {})).toHaveLength(1)
    })

    it("lists newest first with filters by device, kind, days, VAT rate or Natura and verification", async () => {
      const { live } = await freshTenant(store())
      const [a, b] = [await storedDevice(store(), live), await storedDevice(store(), live)]
      const f1 = aFile(live, a, { day: "2025-03-01" })
      const f2 = aFile(live, a, { day: "2025-03-02", zNumber: 2 })
      const f3 = aFile(live, b, { day: "2025-03-02" })
      const f4 = aFile(live, b, { kind: "esito", day: "2025-03-03", verification: { state: "failed", xsdValid: false, signatureValid: false, problems: ["bad"] } })
      await add(store(), live, f1, rowsOf(f1, [2200, 100, 22]))
      await add(store(), live, f2, rowsOf(f2, [1000, 100, 10], ["N4", 50, 0]))
      await add(store(), live, f3, rowsOf(f3, [2200, 300, 66]))
      await add(store(), live, f4)
      const ids = async (filter: Parameters<Store["corrispettivi"]["list"]>[1]) => (await store().corrispettivi.list(live, filter, { limit: 10 })).data.map((f) => f.id)
      expect(await ids({})).toEqual([f4.id, f3.id, f2.id, f1.id])
      expect(await ids({ deviceId: a.id })).toEqual([f2.id, f1.id])
      expect(await ids({ deviceIds: [b.id] })).toEqual([f4.id, f3.id])
      expect(await ids({ deviceIds: [] })).toEqual([])
      expect(await ids({ kind: "esito" })).toEqual([f4.id])
      expect(await ids({ from: "2025-03-02", to: "2025-03-02" })).toEqual([f3.id, f2.id])
      expect(await ids({ vat: { _tag: "rate", basisPoints: 2200 } })).toEqual([f3.id, f1.id])
      expect(await ids({ vat: { _tag: "natura", code: "N4" } })).toEqual([f2.id])
      expect(await ids({ verification: "failed" })).toEqual([f4.id])
      const first = await store().corrispettivi.list(live, {}, { limit: 3 })
      expect(first.hasMore).toBe(true)
      expect((await store().corrispettivi.list(live, {}, { limit: 3, startingAfter: first.data[2]!.id })).data.map((f) => f.id)).toEqual([f1.id])
      expect((await store().corrispettivi.vatRows(live, { deviceId: a.id, vat: { _tag: "natura", code: "N4" } })).map((r) => [r.fileId, r.amount])).toEqual([[f2.id, 50]])
      expect((await store().corrispettivi.lastDay(live, a.id, "corrispettivi"))?.id).toBe(f2.id)
      expect(await store().corrispettivi.lastDay(live, a.id, "evento")).toBeUndefined()
    })

    it("dailyTotals sums verified files per device, day, Z and rate; a Z delivered twice counts once", async () => {
      const { live } = await freshTenant(store())
      const device = await storedDevice(store(), live)
      const z1 = aFile(live, device, { day: "2025-03-01", zNumber: 7 })
      const z1again = aFile(live, device, { day: "2025-03-01", zNumber: 7 })
      const z2 = aFile(live, device, { day: "2025-03-02", zNumber: 8 })
      const failed = aFile(live, device, { day: "2025-03-02", zNumber: 9, verification: { state: "failed", xsdValid: true, signatureValid: false, problems: ["signature"] } })
      const outside = aFile(live, device, { day: "2025-04-01", zNumber: 10 })
      await add(store(), live, z1, rowsOf(z1, [2200, 1000, 220], [1000, 500, 50]))
      await add(store(), live, z1again, rowsOf(z1again, [2200, 1000, 220], [1000, 500, 50]))
      await add(store(), live, z2, rowsOf(z2, [2200, 3_000_000_000, 660_000_000]))
      await add(store(), live, failed, rowsOf(failed, [2200, 999, 1]))
      await add(store(), live, outside, rowsOf(outside, [2200, 1, 0]))
      const totals = await store().corrispettivi.dailyTotals(live, { deviceId: device.id, from: "2025-03-01", to: "2025-03-31" })
      const sorted = [...totals].sort((a, b) => (a.day + JSON.stringify(a.vat)).localeCompare(b.day + JSON.stringify(b.vat)))
      expect(sorted).toEqual([
        { deviceId: device.id, day: "2025-03-01", zNumber: 7, vat: { _tag: "rate", basisPoints: 1000 }, amount: 500, tax: 50, returns: 0, voids: 0 },
        { deviceId: device.id, day: "2025-03-01", zNumber: 7, vat: { _tag: "rate", basisPoints: 2200 }, amount: 1000, tax: 220, returns: 0, voids: 0 },
        { deviceId: device.id, day: "2025-03-02", zNumber: 8, vat: { _tag: "rate", basisPoints: 2200 }, amount: 3_000_000_000, tax: 660_000_000, returns: 0, voids: 0 }
      ])
    })

    it("another tenant, or the test mode of the same one, sees none of it", async () => {
      const { live, test } = await freshTenant(store())
      const other = await freshTenant(store(), "Other")
      const device = await storedDevice(store(), live)
      const file = aFile(live, device)
      await add(store(), live, file, rowsOf(file, [2200, 100, 22]))
      await store().transmissions.save(live, aTransmission(live, device, 1))
      for (const scope of [test, other.live]) {
        expect(await store().corrispettivi.get(scope, file.id)).toBeUndefined()
        expect(await store().corrispettivi.xml(scope, file.id)).toBeUndefined()
        expect(await store().corrispettivi.findBySha256(scope, file.sha256)).toBeUndefined()
        expect((await store().corrispettivi.list(scope, {}, { limit: 10 })).data).toEqual([])
        expect(await store().corrispettivi.vatRows(scope, {})).toEqual([])
        expect(await store().corrispettivi.dailyTotals(scope, { from: "2000-01-01", to: "2100-01-01" })).toEqual([])
        expect(await store().transmissions.get(scope, device.id, 1)).toBeUndefined()
        expect((await store().transmissions.list(scope, {}, { limit: 10 })).data).toEqual([])
      }
      // The same file in another tenant is that tenant's own copy.
      expect((await add(store(), other.live, { ...file, tenantId: other.tenant.id, id: nextId("cor") as CorrispettiviFileId })).created).toBe(true)
    })

    it("keeps one transmission per device and Z: saving again updates it in place", async () => {
      const { live } = await freshTenant(store())
      const device = await storedDevice(store(), live)
      const queued = await store().transmissions.save(live, aTransmission(live, device, 3))
      const rejected = await store().transmissions.save(live, {
        ...aTransmission(live, device, 3),
        state: "rejected",
        transmissionId: "1845900003",
        adeCode: "00200",
        adeDescription: 'Dispositivo non "ATTIVATO"',
        errors: [{ code: "00200", description: 'Dispositivo non "ATTIVATO"' }],
        outcomeAt: now()
      })
      expect(rejected.id).toBe(queued.id)
      expect(rejected.createdAt).toBe(queued.createdAt)
      expect(await store().transmissions.get(live, device.id, 3)).toStrictEqual(rejected)
      expect(await store().transmissions.findByTransmissionId(live, device.id, "1845900003")).toStrictEqual(rejected)
      await store().transmissions.save(live, aTransmission(live, device, 1, { state: "accepted" }))
      await store().transmissions.save(live, aTransmission(live, device, 2))
      expect((await store().transmissions.ofDevice(live, device.id, ["queued", "rejected"])).map((t) => t.zNumber)).toEqual([2, 3])
      expect((await store().transmissions.latest(live, device.id, ["accepted"]))?.zNumber).toBe(1)
      expect((await store().transmissions.list(live, { state: "rejected" }, { limit: 10 })).data.map((t) => t.zNumber)).toEqual([3])
      expect((await store().transmissions.list(live, { deviceId: device.id }, { limit: 10 })).data).toHaveLength(3)
    })
  })
