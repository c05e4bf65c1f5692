import { type DeviceError, FiscalPrinter, type FiscalPrinterShape, type SaleDocument } from "@fisco/core"
import { Effect, type Either, Schema } from "effect"
import { VirtualPrinterConfig, virtualPrinterDriver } from "../src/index.js"

/** Runs `use` against the virtual printer driver at `url`, as a host would: a fresh layer per call. */
export const usePrinter = <A>(
  url: string,
  use: (printer: FiscalPrinterShape) => Effect.Effect<A, DeviceError>,
  config: Partial<typeof VirtualPrinterConfig.Encoded> = {}
): Promise<Either.Either<A, DeviceError>> => {
  const decoded = Schema.decodeUnknownSync(VirtualPrinterConfig)({ url, timeoutMs: 500, ...config })
  return Effect.runPromise(Effect.either(Effect.flatMap(FiscalPrinter, use).pipe(Effect.provide(virtualPrinterDriver.make(decoded, { livemode: false })))))
}

export const sale = (...amounts: ReadonlyArray<readonly [number, number]>): SaleDocument => {
  const lines = amounts.map(([amount, basisPoints], i) => ({
    description: `Item ${i + 1}`,
    quantityMilli: 1000,
    unitPrice: amount,
    amount,
    vat: { _tag: "rate" as const, basisPoints }
  }))
  const total = amounts.reduce((sum, [amount]) => sum + amount, 0)
  return { lines: lines as unknown as SaleDocument["lines"], payments: [{ method: "cash", amount: total }] }
}
