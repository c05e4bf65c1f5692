import type { BackOfficeDailyVatTotal, BackOfficeReceipt, BackOfficeReceiptFilter, PrintState, ReceiptPrint } from "../domain/back-office-receipt.js"
import type { CalendarDate, DeviceId, ReceiptId, SiteId } from "../domain/ids.js"
import type { TenantScope } from "../domain/tenant.js"
import type { Page, PageRequest } from "./page.js"

export interface BackOfficeTotalsQuery {
  readonly deviceId?: DeviceId
  readonly siteId?: SiteId
  /** Business days, both included. */
  readonly from: CalendarDate
  readonly to: CalendarDate
}

/** The receipts the back office posted through the Frontier API. */
export interface BackOfficeReceiptRepository {
  /**
   * Stores a receipt, or, when the scope already holds one with the same `documentId`, stores
   * nothing and returns that one with `created: false`. Atomic: two concurrent posts make one receipt.
   */
  create(receipt: BackOfficeReceipt): Promise<{ readonly receipt: BackOfficeReceipt; readonly created: boolean }>
  get(scope: TenantScope, id: ReceiptId): Promise<BackOfficeReceipt | undefined>
  getByDocumentId(scope: TenantScope, documentId: string): Promise<BackOfficeReceipt | undefined>
  /** Newest first. */
  list(scope: TenantScope, filter: BackOfficeReceiptFilter, page: PageRequest): Promise<Page<BackOfficeReceipt>>
  /**
   * Sets the print state only if it is one of `expected` now (compare-and-set), so two print
   * requests cannot both move a receipt to `printing`. Undefined when the state was not expected.
   */
  updatePrint(scope: TenantScope, id: ReceiptId, expected: ReadonlyArray<PrintState>, print: ReceiptPrint, at: string): Promise<BackOfficeReceipt | undefined>
  /** Gross sales, refunds and voids per device, business day and VAT code. */
  dailyTotals(scope: TenantScope, query: BackOfficeTotalsQuery): Promise<ReadonlyArray<BackOfficeDailyVatTotal>>
}
