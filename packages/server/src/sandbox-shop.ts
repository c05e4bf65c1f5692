import { type ClosureResult, type Device, type DeviceError, FiscalPrinter, type FiscalPrinterShape, type Fisco, type SaleDocument, runDevice } from "@fisco/core"
import { Effect, type Layer } from "effect"
import type { Logger } from "./logger.js"

/** Runs `use` on a device's FiscalPrinter service, through its registered driver. */
export const printOn = <A>(fisco: Fisco, device: Device, use: (printer: FiscalPrinterShape) => Effect.Effect<A, DeviceError>): Promise<A> =>
  runDevice(Effect.flatMap(FiscalPrinter, use).pipe(Effect.provide(fisco.drivers.layerFor(device) as Layer.Layer<FiscalPrinter, DeviceError>)))

/** What a bar sells: description, price in cents (VAT included) and VAT rate in basis points. */
const CATALOGUE: ReadonlyArray<readonly [string, number, number]> = [
  ["Caffè", 120, 1000],
  ["Cornetto", 150, 1000],
  ["Acqua 0,5 l", 100, 2200],
  ["Pane 500 g", 230, 400],
  ["Succo di frutta", 250, 2200],
  ["Panino", 450, 1000],
  ["Quotidiano", 180, 400]
]

/** The `n`th sale of the sandbox shop: one to three catalogue items, paid in cash or by card. */
export const saleNumber = (n: number): SaleDocument => {
  const count = 1 + (n % 3)
  const lines = Array.from({ length: count }, (_, i) => {
    const [description, price, basisPoints] = CATALOGUE[(n * 5 + i * 3) % CATALOGUE.length]!
    return { description, quantityMilli: 1000, unitPrice: price, amount: price, vat: { _tag: "rate" as const, basisPoints } }
  })
  const total = lines.reduce((sum, line) => sum + line.amount, 0)
  return { lines: lines as unknown as SaleDocument["lines"], payments: [{ method: n % 3 === 0 ? "card" : "cash", amount: total }] }
}

export interface ShopOptions {
  /** Seconds between rounds of sales on every shop device; 0 sells nothing. */
  readonly salesEverySeconds: number
  readonly salesPerRound: number
  /** Minutes between daily closures (Z) on every shop device; 0 closes nothing. */
  readonly closeEveryMinutes: number
  /** Told of every Z the shop makes (the sandbox keeps each printer's count across restarts). */
  readonly onClosure?: (device: Device, closure: ClosureResult) => void
  readonly logger?: Logger
}

export interface Shop {
  stop(): Promise<void>
}

/**
 * The sandbox's in-process shop: sells a few receipts now and then on the given printers and closes
 * their day every few minutes, so the devices' archives fill with corrispettivi as a real shop's do.
 * Rounds never overlap; a sale the printer refuses (a day left open past midnight) makes it close the day.
 */
export const startShop = (fisco: Fisco, devices: ReadonlyArray<Device>, options: ShopOptions): Shop => {
  let sold = 0
  let running: Promise<void> = Promise.resolve()
  let stopped = false
  const failed = (device: Device, what: string) => (error: unknown) =>
    options.logger?.warn(`sandbox shop: ${what} failed`, { deviceId: device.id, error: error instanceof Error ? error.message : String(error) })

  const close = (device: Device) =>
    printOn(fisco, device, (p) => p.dailyClosure).then((closure) => options.onClosure?.(device, closure), failed(device, "daily closure"))
  const sell = async (device: Device) => {
    for (let i = 0; i < options.salesPerRound && !stopped; i++) {
      const refused = await printOn(fisco, device, (p) => p.printSale(saleNumber(++sold))).then(
        () => false,
        () => true
      )
      if (refused) return close(device)
    }
  }
  /**
   * Queues a round behind the one running, so the shop never talks to a printer twice at once; a
   * round still waiting is not queued twice, so slow printers never build a backlog.
   */
  const round = (work: (device: Device) => Promise<void>) => {
    let waiting = false
    return () => {
      if (waiting) return
      waiting = true
      running = running.then(async () => {
        waiting = false
        for (const device of devices) if (!stopped) await work(device)
      })
    }
  }

  const timers = [
    options.salesEverySeconds > 0 ? setInterval(round(sell), options.salesEverySeconds * 1000) : undefined,
    options.closeEveryMinutes > 0 ? setInterval(round(close), options.closeEveryMinutes * 60_000) : undefined
  ]
  for (const timer of timers) timer?.unref()
  return {
    stop: async () => {
      stopped = true
      for (const timer of timers) if (timer) clearInterval(timer)
      await running
    }
  }
}
