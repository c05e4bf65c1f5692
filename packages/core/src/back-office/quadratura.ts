import type { BackOfficeDailyVatTotal } from "../domain/back-office-receipt.js"
import type { DeviceDailyVatTotal } from "../domain/corrispettivi.js"
import type { CalendarDate, DeviceId } from "../domain/ids.js"
import { splitGross } from "../domain/money.js"
import { type VatCode, vatKey } from "../domain/vat.js"

/**
 * Quadratura: reconciling the back office with the devices. For each device, business day and
 * VAT code, what the back office booked is set against what the device sent to AdE in its
 * corrispettivi (the Riepilogo of the day's Z).
 *
 * Like is compared with like. The corrispettivi carry, per rate, `Ammontare` (the taxable base of
 * every sale, net of VAT), `Imposta` (the tax on what remains after returns and voids) and the
 * returns (resi) and voids (annulli) in the same net base; the back office has gross, VAT-included
 * amounts. So each back-office gross day total is split into base and tax the way the device
 * does it (one scorporo per rate and day, `splitGross`), and compared with:
 * - sales: the back office's net sales against `Ammontare`;
 * - returns: its refunds against `TotaleAmmontareResi`;
 * - voids: its voids against `TotaleAmmontareAnnulli`;
 * - takings: gross sales − refunds − voids against the device's `Ammontare − Resi − Annulli + Imposta`.
 * `difference` is the takings difference (back office − device), in minor units; a row is
 * `difference` when any of the four differs by more than the tolerance. A Natura has no tax: its
 * amounts are gross on both sides.
 */

export const QuadraturaStatus = ["match", "difference", "missing-on-device", "missing-in-back-office"] as const
export type QuadraturaStatus = (typeof QuadraturaStatus)[number]

/** The back office's side of a row: gross amounts as booked, and their net split. */
export interface BackOfficeSide {
  readonly sales: number
  readonly returns: number
  readonly voids: number
  /** Gross takings: sales − returns − voids. */
  readonly takings: number
  readonly salesNet: number
  readonly returnsNet: number
  readonly voidsNet: number
}

export interface DeviceSide {
  readonly zNumber: number
  readonly amount: number
  readonly tax: number
  readonly returns: number
  readonly voids: number
  /** Gross takings: amount − returns − voids + tax. */
  readonly takings: number
}

export interface QuadraturaRow {
  readonly deviceId: DeviceId
  readonly day: CalendarDate
  readonly vat: VatCode
  readonly backOffice?: BackOfficeSide
  readonly device?: DeviceSide
  /** Takings, back office − device, in minor units (gross). */
  readonly difference: number
  /** Net differences, back office − device, per column of the Riepilogo. */
  readonly differences: { readonly sales: number; readonly returns: number; readonly voids: number }
  readonly status: QuadraturaStatus
}

/** Parses a `vatKey` (`rate:2200`, `natura:N4`) back into its VAT code; undefined when it is not one. */
export const vatFromKey = (key: string): VatCode | undefined => {
  const [tag, value = ""] = key.split(":")
  if (tag === "rate" && /^\d{1,5}$/.test(value)) return { _tag: "rate", basisPoints: Number(value) }
  if (tag === "natura" && /^N[1-7](\.\d)?$/.test(value)) return { _tag: "natura", code: value }
  return undefined
}

const netOf = (gross: number, vat: VatCode) => (vat._tag === "rate" ? splitGross(gross, vat.basisPoints).net : gross)

const backOfficeSide = (t: BackOfficeDailyVatTotal, vat: VatCode): BackOfficeSide => ({
  sales: t.sales,
  returns: t.returns,
  voids: t.voids,
  takings: t.sales - t.returns - t.voids,
  salesNet: netOf(t.sales, vat),
  returnsNet: netOf(t.returns, vat),
  voidsNet: netOf(t.voids, vat)
})

const deviceSide = (d: DeviceDailyVatTotal): DeviceSide => ({
  zNumber: d.zNumber,
  amount: d.amount,
  tax: d.tax,
  returns: d.returns,
  voids: d.voids,
  takings: d.amount - d.returns - d.voids + d.tax
})

const ZERO_BACK_OFFICE: BackOfficeSide = { sales: 0, returns: 0, voids: 0, takings: 0, salesNet: 0, returnsNet: 0, voidsNet: 0 }
const ZERO_DEVICE: Omit<DeviceSide, "zNumber"> = { amount: 0, tax: 0, returns: 0, voids: 0, takings: 0 }

/**
 * Reconciles back-office totals with device corrispettivi. Rows are sorted by device, day and VAT
 * key. `tolerance` (minor units, ≥ 0) is how much a difference may be before it counts. A day with
 * several Z (several corrispettivi) on one device sums them.
 */
export const reconcile = (
  backOffice: ReadonlyArray<BackOfficeDailyVatTotal>,
  device: ReadonlyArray<DeviceDailyVatTotal>,
  tolerance = 0
): ReadonlyArray<QuadraturaRow> => {
  const keyOf = (deviceId: string, day: string, vat: string) => `${deviceId}|${day}|${vat}`
  const rows = new Map<string, { deviceId: DeviceId; day: CalendarDate; vat: VatCode; bo?: BackOfficeDailyVatTotal; dev?: DeviceDailyVatTotal }>()
  for (const t of backOffice) {
    const key = keyOf(t.deviceId, t.day, t.vatKey)
    const current = rows.get(key)
    const bo = current?.bo ? { ...t, sales: current.bo.sales + t.sales, returns: current.bo.returns + t.returns, voids: current.bo.voids + t.voids } : t
    rows.set(key, { deviceId: t.deviceId, day: t.day, vat: vatFromKey(t.vatKey) ?? { _tag: "natura", code: t.vatKey }, ...current, bo })
  }
  for (const d of device) {
    const key = keyOf(d.deviceId, d.day, vatKey(d.vat))
    const current = rows.get(key)
    const dev = current?.dev
      ? { ...d, zNumber: Math.max(d.zNumber, current.dev.zNumber), amount: current.dev.amount + d.amount, tax: current.dev.tax + d.tax, returns: current.dev.returns + d.returns, voids: current.dev.voids + d.voids }
      : d
    rows.set(key, { deviceId: d.deviceId, day: d.day, vat: d.vat, ...current, dev })
  }
  return [...rows.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, r]) => {
      const bo = r.bo ? backOfficeSide(r.bo, r.vat) : undefined
      const dev = r.dev ? deviceSide(r.dev) : undefined
      const b = bo ?? ZERO_BACK_OFFICE
      const d = dev ?? ZERO_DEVICE
      const differences = { sales: b.salesNet - d.amount, returns: b.returnsNet - d.returns, voids: b.voidsNet - d.voids }
      const difference = b.takings - d.takings
      const differs = [difference, differences.sales, differences.returns, differences.voids].some((n) => Math.abs(n) > tolerance)
      const status: QuadraturaStatus = !differs ? "match" : !dev ? "missing-on-device" : !bo ? "missing-in-back-office" : "difference"
      return { deviceId: r.deviceId, day: r.day, vat: r.vat, ...(bo ? { backOffice: bo } : {}), ...(dev ? { device: dev } : {}), difference, differences, status }
    })
}

/** Rows that need a human: every status but `match`. */
export const quadraturaDifferences = (rows: ReadonlyArray<QuadraturaRow>): ReadonlyArray<QuadraturaRow> => rows.filter((r) => r.status !== "match")
