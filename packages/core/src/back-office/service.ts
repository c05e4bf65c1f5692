import { Effect } from "effect"
import type { Alarm } from "../domain/alarm.js"
import {
  type BackOfficeReceipt,
  type BackOfficeReceiptFilter,
  BackOfficeReceiptFilter as BackOfficeReceiptFilterSchema,
  BackOfficeReceiptInput,
  type DeviceDocument,
  type PrintState,
  type ReceiptPrint
} from "../domain/back-office-receipt.js"
import type { Device } from "../domain/device.js"
import { type AgentCommandId, type CalendarDate, type DeviceId, IdPrefix, type ReceiptId, type SiteId, newId } from "../domain/ids.js"
import { formatDocumentNumber } from "../domain/receipt.js"
import type { TenantScope } from "../domain/tenant.js"
import type { CashRegisterReading } from "../drivers/cash-register.js"
import { type DocumentReference, FiscalPrinter, type FiscalPrinterShape, type PrintedDocument, type SaleDocument } from "../drivers/fiscal-printer.js"
import { Conflict, type DeviceError, InvalidInput, NotFound, Unsupported, isDomainError } from "../errors.js"
import { openDayRun } from "../monitor/day-closure.js"
import type { ThresholdsSource } from "../monitor/monitor.js"
import { resolveThresholds } from "../monitor/thresholds.js"
import { MAX_PAGE_LIMIT, type Page, type PageRequest } from "../ports/page.js"
import { type Clock, systemClock } from "../services/clock.js"
import { type Fisco, type FiscoOptions, createFisco, pageRequest, runDevice } from "../services/fisco.js"
import { decodeInput } from "../validation.js"
import { checkBackOfficeReceipt, receiptContentKey } from "./check-receipt.js"
import type { CorrispettiviFile, DeviceDailyVatTotal } from "../domain/corrispettivi.js"
import { type QuadraturaRow, reconcile } from "./quadratura.js"

/** Where a device's corrispettivi totals come from: the corrispettivi archive (`fisco.corrispettivi.dailyTotals`) unless given. */
export type DeviceTotalsSource = (
  scope: TenantScope,
  query: { readonly deviceId?: DeviceId; readonly from: CalendarDate; readonly to: CalendarDate }
) => Promise<ReadonlyArray<DeviceDailyVatTotal>>

export interface QuadraturaQuery {
  readonly from: CalendarDate
  readonly to: CalendarDate
  readonly deviceId?: DeviceId
  readonly siteId?: SiteId
}

export interface QuadraturaReport {
  readonly from: CalendarDate
  readonly to: CalendarDate
  /** The tolerance applied, in minor units (the tenant's `quadraturaTolerance`). */
  readonly tolerance: number
  readonly rows: ReadonlyArray<QuadraturaRow>
}

export interface QuadraturaRun extends QuadraturaReport {
  readonly raised: ReadonlyArray<Alarm>
  readonly cleared: ReadonlyArray<Alarm>
}

export interface BackOfficeOptions {
  readonly fisco: Fisco
  readonly clock?: Clock
  /** The tenant's monitor thresholds (for `quadraturaTolerance`). */
  readonly thresholds?: ThresholdsSource
  /** The devices' corrispettivi totals; by default the archive's verified files (`fisco.corrispettivi.dailyTotals`). */
  readonly deviceTotals?: DeviceTotalsSource
}

export interface PostedReceipt {
  readonly receipt: BackOfficeReceipt
  /** False when the `documentId` was already posted with the same content. */
  readonly created: boolean
}

/** The back office's services: Frontier receipts and printing, cash register, quadratura. */
export interface BackOffice {
  readonly receipts: {
    /**
     * Stores a back-office receipt, idempotent by `documentId`: the same content again returns the
     * stored receipt; different content fails with `Conflict`. With `print`, prints it too.
     */
    post(scope: TenantScope, input: unknown): Promise<PostedReceipt>
    get(scope: TenantScope, id: ReceiptId): Promise<BackOfficeReceipt>
    list(scope: TenantScope, filter?: BackOfficeReceiptFilter, page?: Partial<PageRequest>): Promise<Page<BackOfficeReceipt>>
    /**
     * Prints the receipt on its device, once: an already printed receipt is returned as it is; one
     * being printed, or whose print outcome is unknown, is a `Conflict` (never printed twice).
     */
    print(scope: TenantScope, id: ReceiptId): Promise<BackOfficeReceipt>
  }
  /** Reads a device's cash register now. */
  cashRegister(scope: TenantScope, deviceId: DeviceId): Promise<CashRegisterReading>
  readonly quadratura: {
    report(scope: TenantScope, query: QuadraturaQuery): Promise<QuadraturaReport>
    /** Reports and raises `quadratura.difference` per device and day that differs (clears it on days that now match). */
    run(scope: TenantScope, query: QuadraturaQuery): Promise<QuadraturaRun>
    /**
     * When the archive has stored a file: a verified corrispettivi file of a known device and day
     * reconciles that device and day. Anything else (ESITO, event, failed file) does nothing.
     */
    onArchived(scope: TenantScope, file: Pick<CorrispettiviFile, "kind" | "deviceId" | "day" | "verification">): Promise<QuadraturaRun | undefined>
  }
}

/** Alarm type of a quadratura difference; deduplicated per device and day. */
export const QUADRATURA_ALARM = "quadratura.difference"
export const quadraturaDedupeKey = (deviceId: DeviceId, day: CalendarDate) => `${deviceId}:${QUADRATURA_ALARM}:${day}`

const FISCAL_PRINTER_KINDS: ReadonlyArray<Device["kind"]> = ["rt-printer", "rt-server"]

const deviceErrorOf = (error: unknown): { readonly code: string; readonly message: string } =>
  isDomainError(error) ? { code: error.code, message: error.message } : { code: "internal_error", message: error instanceof Error ? error.message : String(error) }

export const createBackOffice = (options: BackOfficeOptions): BackOffice => {
  const { fisco } = options
  const { store } = fisco
  const clock = options.clock ?? systemClock
  const now = () => clock().toISOString()

  const requireReceipt = async (scope: TenantScope, id: ReceiptId) => {
    const receipt = await store.backOfficeReceipts.get(scope, id)
    if (!receipt) throw new NotFound({ entity: "receipt", id })
    return receipt
  }

  /** A device Fisco can ask fiscal questions of, or `InvalidInput` naming `path`. */
  const fiscalDevice = async (scope: TenantScope, id: DeviceId, path: string) => {
    const device = await store.devices.get(scope, id)
    if (!device) throw new InvalidInput({ issues: [{ path, message: `no device ${id} in this tenant` }] })
    if (!FISCAL_PRINTER_KINDS.includes(device.kind)) throw new InvalidInput({ issues: [{ path, message: `device ${id} is a ${device.kind}, not an RT` }] })
    return device
  }

  const withPrinter = <A>(device: Device, use: (printer: FiscalPrinterShape) => Effect.Effect<A, DeviceError>) => {
    const layer = fisco.drivers.layerFor(device as Device & { kind: "rt-printer" })
    return runDevice(Effect.flatMap(FiscalPrinter, use).pipe(Effect.provide(layer)))
  }

  const setPrint = async (scope: TenantScope, receipt: BackOfficeReceipt, expected: ReadonlyArray<PrintState>, print: ReceiptPrint) =>
    store.backOfficeReceipts.updatePrint(scope, receipt.id, expected, print, now())

  const referenceOf = async (scope: TenantScope, receipt: BackOfficeReceipt, device: Device): Promise<DocumentReference | undefined> => {
    if (!receipt.reference) return undefined
    const original = await requireReceipt(scope, receipt.reference.receiptId)
    const printed = original.print.document
    if (original.print.state !== "printed" || !printed) {
      throw new InvalidInput({ issues: [{ path: "reference.documentId", message: `${original.documentId} has not been printed, so there is no device document to ${receipt.kind}` }] })
    }
    const printedOn = printed.deviceId === device.id ? device : await store.devices.get(scope, printed.deviceId)
    if (!printedOn) throw new InvalidInput({ issues: [{ path: "reference.documentId", message: `the device that printed ${original.documentId} is gone` }] })
    // The device's own calendar date: issuedAt carries the device's wall clock and offset.
    return { number: printed.number, date: printed.issuedAt.slice(0, 10), deviceSerial: printedOn.serial }
  }

  const saleDocumentOf = (receipt: BackOfficeReceipt): SaleDocument => ({
    lines: receipt.lines as SaleDocument["lines"],
    payments: (receipt.payments.length > 0 ? receipt.payments : [{ method: "cash", amount: receipt.total }]) as SaleDocument["payments"],
    ...(receipt.customerTaxId ? { customerTaxId: receipt.customerTaxId } : {}),
    ...(receipt.lotteryCode ? { lotteryCode: receipt.lotteryCode } : {})
  })

  const sendToDevice = (device: Device, receipt: BackOfficeReceipt, reference: DocumentReference | undefined) =>
    withPrinter(device, (printer): Effect.Effect<PrintedDocument, DeviceError> => {
      if (receipt.kind === "sale") return printer.printSale(saleDocumentOf(receipt))
      if (receipt.kind === "refund") return printer.printRefund(reference!, saleDocumentOf(receipt))
      return printer.printVoid(reference!)
    })

  const deviceDocument = (deviceId: DeviceId, printed: PrintedDocument): DeviceDocument => ({
    deviceId,
    number: printed.number,
    formatted: formatDocumentNumber(printed.number),
    issuedAt: printed.issuedAt,
    total: printed.total
  })

  /**
   * A receipt queued on the shop's agent takes the outcome the agent reported: `done` → printed,
   * `failed` → failed, `unknown` → unknown. Still pending or claimed: unchanged.
   */
  const settleAgentPrint = async (scope: TenantScope, receipt: BackOfficeReceipt): Promise<BackOfficeReceipt> => {
    const commandId = receipt.print.agentCommandId
    if (receipt.print.state !== "printing" || !commandId) return receipt
    const command = await fisco.agentCommands.get(scope, commandId)
    const result = command.result
    if (!result) return receipt
    const base = { agentCommandId: commandId, ...(receipt.print.attemptedAt ? { attemptedAt: receipt.print.attemptedAt } : {}) }
    const next: ReceiptPrint =
      result.state === "done"
        ? { state: "printed", document: deviceDocument(receipt.deviceId, result.document), ...base }
        : result.state === "failed"
          ? { state: "failed", error: result.error, ...base }
          : { state: "unknown", error: { code: "outcome_unknown", message: result.reason }, ...base }
    return (await setPrint(scope, receipt, ["printing"], next)) ?? requireReceipt(scope, receipt.id)
  }

  /** Through the agent: queued as a command; the receipt stays `printing` until the agent reports. */
  const queueOnAgent = async (scope: TenantScope, device: Device, receipt: BackOfficeReceipt): Promise<BackOfficeReceipt> => {
    // A refund or void needs the device document it reverses before anything is queued.
    const documentReference = await referenceOf(scope, receipt, device)
    const attemptedAt = now()
    const claimed = await setPrint(scope, receipt, ["not-printed", "failed"], { state: "printing", attemptedAt })
    if (!claimed) return print(scope, receipt.id)
    let commandId: string
    try {
      commandId = (
        await fisco.agentCommands.enqueue(scope, {
          deviceId: device.id,
          kind: `print-${claimed.kind}`,
          payload: saleDocumentOf(claimed),
          ...(documentReference ? { documentReference } : {}),
          reference: claimed.documentId
        })
      ).id
    } catch (error) {
      // Nothing was queued, so nothing can print: another attempt is safe.
      await setPrint(scope, claimed, ["printing"], { state: "failed", error: deviceErrorOf(error), attemptedAt })
      throw error
    }
    return (await setPrint(scope, claimed, ["printing"], { state: "printing", agentCommandId: commandId as AgentCommandId, attemptedAt })) ?? requireReceipt(scope, receipt.id)
  }

  const print = async (scope: TenantScope, id: ReceiptId): Promise<BackOfficeReceipt> => {
    const receipt = await settleAgentPrint(scope, await requireReceipt(scope, id))
    switch (receipt.print.state) {
      case "printed":
        return receipt
      case "printing":
        // Queued on the agent: answered as it stands, never queued twice.
        if (receipt.print.agentCommandId) return receipt
        throw new Conflict({ reason: `receipt ${id} is being printed now` })
      case "unknown":
        throw new Conflict({
          reason: `the outcome of printing receipt ${id} is unknown (${receipt.print.error?.message ?? "reply lost"}): check the device's last document; Fisco never prints it twice`
        })
    }
    const device = await fiscalDevice(scope, receipt.deviceId, "deviceId")
    if (device.connectivity === "agent") return queueOnAgent(scope, device, receipt)
    const reference = await referenceOf(scope, receipt, device)
    const claimed = await setPrint(scope, receipt, ["not-printed", "failed"], { state: "printing", attemptedAt: now() })
    // Another request claimed it first: answer with where that one stands.
    if (!claimed) return print(scope, id)
    let printed: PrintedDocument
    try {
      printed = await sendToDevice(device, claimed, reference)
    } catch (error) {
      // Only an error that says the device certainly printed nothing allows another attempt.
      const certain = isDomainError(error) && error.code !== "outcome_unknown"
      await setPrint(scope, claimed, ["printing"], { state: certain ? "failed" : "unknown", error: deviceErrorOf(error), attemptedAt: claimed.print.attemptedAt ?? now() })
      throw error
    }
    const done = await setPrint(scope, claimed, ["printing"], {
      state: "printed",
      document: deviceDocument(device.id, printed),
      ...(claimed.print.attemptedAt ? { attemptedAt: claimed.print.attemptedAt } : {})
    })
    return done ?? requireReceipt(scope, id)
  }

  const post = async (scope: TenantScope, raw: unknown): Promise<PostedReceipt> => {
    const input = decodeInput(BackOfficeReceiptInput, raw)
    checkBackOfficeReceipt(input)
    const device = await fiscalDevice(scope, input.deviceId, "deviceId")
    const contentKey = receiptContentKey(input)
    const sameOrConflict = (existing: BackOfficeReceipt): PostedReceipt => {
      if (receiptContentKey(existing) !== contentKey) {
        throw new Conflict({ reason: `documentId ${input.documentId} was already posted (receipt ${existing.id}) with different content` })
      }
      return { receipt: existing, created: false }
    }
    const printAfter = async (posted: PostedReceipt): Promise<PostedReceipt> => ({
      ...posted,
      receipt: input.print ? await print(scope, posted.receipt.id) : await settleAgentPrint(scope, posted.receipt)
    })

    const existing = await store.backOfficeReceipts.getByDocumentId(scope, input.documentId)
    if (existing) return printAfter(sameOrConflict(existing))

    let reference: BackOfficeReceipt["reference"]
    if (input.reference) {
      const original = await store.backOfficeReceipts.getByDocumentId(scope, input.reference.documentId)
      if (!original) throw new InvalidInput({ issues: [{ path: "reference.documentId", message: `no receipt with documentId ${input.reference.documentId}` }] })
      if (original.kind !== "sale") throw new InvalidInput({ issues: [{ path: "reference.documentId", message: `${original.documentId} is a ${original.kind}, not a sale` }] })
      reference = { documentId: original.documentId, receiptId: original.id }
    }
    const at = now()
    const { print: _print, reference: _reference, ...content } = input
    const result = await store.backOfficeReceipts.create({
      ...content,
      ...(reference ? { reference } : {}),
      id: newId(IdPrefix.receipt) as ReceiptId,
      tenantId: scope.tenantId,
      livemode: scope.livemode,
      siteId: device.siteId,
      print: { state: "not-printed" },
      createdAt: at,
      updatedAt: at
    })
    return printAfter(result.created ? result : sameOrConflict(result.receipt))
  }

  const cashRegister = async (scope: TenantScope, deviceId: DeviceId): Promise<CashRegisterReading> => {
    const device = await store.devices.get(scope, deviceId)
    if (!device) throw new NotFound({ entity: "device", id: deviceId })
    if (!FISCAL_PRINTER_KINDS.includes(device.kind)) throw new Unsupported({ driver: device.driver.id, capability: "cash-register" })
    if (device.connectivity === "agent") throw new Unsupported({ driver: device.driver.id, capability: "cash-register through the shop's agent" })
    const reading = await withPrinter(device, (printer) => printer.cashRegister)
    if (!reading.day.open || reading.day.since) return reading
    // The device does not say when its day opened; the recorded status history does, when the
    // open run starts within the readings read (otherwise the start is not known, and not guessed).
    const history = await store.deviceStatuses.history(scope, device.id, { limit: MAX_PAGE_LIMIT })
    const run = openDayRun(history.data)
    const since = run.ended || !history.hasMore ? run.since : undefined
    return since ? { ...reading, day: { ...reading.day, since } } : reading
  }

  const devicesOfSite = async (scope: TenantScope, siteId: SiteId): Promise<ReadonlySet<string>> => {
    const ids = new Set<string>()
    let startingAfter: string | undefined
    for (;;) {
      const page = await store.devices.list(scope, { siteId }, { limit: MAX_PAGE_LIMIT, ...(startingAfter ? { startingAfter } : {}) })
      for (const d of page.data) ids.add(d.id)
      if (!page.hasMore) return ids
      startingAfter = page.data.at(-1)!.id
    }
  }

  const report = async (scope: TenantScope, query: QuadraturaQuery): Promise<QuadraturaReport> => {
    const deviceTotals = options.deviceTotals ?? fisco.corrispettivi.dailyTotals
    if (query.from > query.to) throw new InvalidInput({ issues: [{ path: "to", message: "must not be before from" }] })
    const source = options.thresholds
    const tolerance = resolveThresholds(typeof source === "function" ? await source(scope) : source).quadraturaTolerance
    const range = { from: query.from, to: query.to, ...(query.deviceId ? { deviceId: query.deviceId } : {}) }
    const [backOffice, device] = await Promise.all([
      store.backOfficeReceipts.dailyTotals(scope, { ...range, ...(query.siteId ? { siteId: query.siteId } : {}) }),
      deviceTotals(scope, range)
    ])
    const inSite = query.siteId ? await devicesOfSite(scope, query.siteId) : undefined
    const rows = reconcile(backOffice, inSite ? device.filter((d) => inSite.has(d.deviceId)) : device, tolerance)
    return { from: query.from, to: query.to, tolerance, rows }
  }

  const run = async (scope: TenantScope, query: QuadraturaQuery): Promise<QuadraturaRun> => {
    const result = await report(scope, query)
    const byDay = new Map<string, QuadraturaRow[]>()
    for (const row of result.rows) byDay.set(quadraturaDedupeKey(row.deviceId, row.day), [...(byDay.get(quadraturaDedupeKey(row.deviceId, row.day)) ?? []), row])
    const raised: Alarm[] = []
    const cleared: Alarm[] = []
    for (const [dedupeKey, rows] of byDay) {
      const { deviceId, day } = rows[0]!
      // No corrispettivi at all for the day yet (not closed, not arrived): nothing to reconcile against.
      const deviceReported = rows.some((r) => r.device !== undefined)
      const differing = rows.filter((r) => r.status !== "match")
      if (differing.length > 0 && deviceReported) {
        const device = await store.devices.get(scope, deviceId)
        const total = differing.reduce((sum, r) => sum + r.difference, 0)
        raised.push(
          await fisco.alarms.raise(scope, {
            type: QUADRATURA_ALARM,
            severity: "warning",
            dedupeKey,
            message: `quadratura ${day}: back office and device differ by ${total} minor units over ${differing.length} VAT code(s)`,
            deviceId,
            ...(device ? { siteId: device.siteId } : {}),
            details: { day, tolerance: result.tolerance, rows: differing }
          })
        )
      } else if (differing.length === 0) {
        const alarm = await fisco.alarms.clear(scope, dedupeKey)
        if (alarm) cleared.push(alarm)
      }
    }
    return { ...result, raised, cleared }
  }

  return {
    receipts: {
      post,
      get: async (scope, id) => settleAgentPrint(scope, await requireReceipt(scope, id)),
      list: async (scope, filter = {}, page) => {
        const found = await store.backOfficeReceipts.list(scope, decodeInput(BackOfficeReceiptFilterSchema, filter), pageRequest(page))
        return { ...found, data: await Promise.all(found.data.map((r) => settleAgentPrint(scope, r))) }
      },
      print
    },
    cashRegister,
    quadratura: {
      report,
      run,
      onArchived: async (scope, file) => {
        if (file.kind !== "corrispettivi" || file.verification.state !== "verified" || !file.deviceId || !file.day) return undefined
        // Only devices the back office posts receipts for are under quadratura: a tenant that does not
        // use the Frontier for a device would otherwise get a difference alarm for every day it sells.
        const posted = await store.backOfficeReceipts.list(scope, { deviceId: file.deviceId }, { limit: 1 })
        return posted.data.length === 0 ? undefined : run(scope, { deviceId: file.deviceId, from: file.day, to: file.day })
      }
    }
  }
}

export interface FiscoWithBackOfficeOptions extends FiscoOptions, Omit<BackOfficeOptions, "fisco"> {
  /** A quadratura that failed after a file was archived (the file stays archived); by default rethrown. */
  readonly onQuadraturaError?: (error: unknown) => void
}

/**
 * A Fisco whose corrispettivi archive runs the quadratura of a day as soon as that day's verified
 * corrispettivi arrive (by upload, from an agent or from a poll), and the back office over it.
 */
export const createFiscoWithBackOffice = (options: FiscoWithBackOfficeOptions): { readonly fisco: Fisco; readonly backOffice: BackOffice } => {
  const { onQuadraturaError, deviceTotals, ...fiscoOptions } = options
  let backOffice: BackOffice | undefined
  const fisco = createFisco({
    ...fiscoOptions,
    onCorrispettiviArchived: async (scope, file) => {
      try {
        await backOffice?.quadratura.onArchived(scope, file)
      } catch (error) {
        if (!onQuadraturaError) throw error
        onQuadraturaError(error)
      }
    }
  })
  backOffice = createBackOffice({
    fisco,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    ...(deviceTotals ? { deviceTotals } : {})
  })
  return { fisco, backOffice }
}
