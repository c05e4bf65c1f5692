import type {
  CorrispettiviFile,
  CorrispettiviFilter,
  CorrispettiviVatRow,
  DeviceDailyVatTotal
} from "../domain/corrispettivi.js"
import type { CalendarDate, CorrispettiviFileId, DeviceId } from "../domain/ids.js"
import type { TenantScope } from "../domain/tenant.js"
import type { Page, PageRequest } from "./page.js"

/** The corrispettivi archive: files with their raw XML and their per-VAT index rows. */
export interface CorrispettiviRepository {
  /**
   * Stores a file, its raw XML and its index rows, unless the scope already holds a file with the
   * same SHA-256: then nothing is written and the stored file is returned with `created: false`.
   * Atomic: two concurrent deliveries of one file store it once.
   */
  add(scope: TenantScope, file: CorrispettiviFile, xml: string, rows: ReadonlyArray<CorrispettiviVatRow>): Promise<{ readonly file: CorrispettiviFile; readonly created: boolean }>
  get(scope: TenantScope, id: CorrispettiviFileId): Promise<CorrispettiviFile | undefined>
  findBySha256(scope: TenantScope, sha256: string): Promise<CorrispettiviFile | undefined>
  /** The raw XML exactly as received. */
  xml(scope: TenantScope, id: CorrispettiviFileId): Promise<string | undefined>
  /** Newest first. A `vat` filter keeps files with a summary at that rate or Natura. */
  list(scope: TenantScope, filter: CorrispettiviFilter, page: PageRequest): Promise<Page<CorrispettiviFile>>
  /** The index rows of the files matching `filter`, oldest day first. */
  vatRows(scope: TenantScope, filter: CorrispettiviFilter): Promise<ReadonlyArray<CorrispettiviVatRow>>
  /**
   * Per device, day, Z and VAT rate (or Natura), the totals the device declared in its VERIFIED
   * corrispettivi files between `from` and `to` (inclusive), in minor units: what the quadratura
   * (reconciliation with the back office) compares against.
   */
  dailyTotals(scope: TenantScope, query: { readonly deviceId?: DeviceId; readonly from: CalendarDate; readonly to: CalendarDate }): Promise<ReadonlyArray<DeviceDailyVatTotal>>
  /** The latest day of a corrispettivi file of the device, if any. */
  lastDay(scope: TenantScope, deviceId: DeviceId, kind: CorrispettiviFile["kind"]): Promise<CorrispettiviFile | undefined>
}
