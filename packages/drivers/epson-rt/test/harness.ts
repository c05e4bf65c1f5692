import { type DeviceError, FiscalPrinter, type FiscalPrinterShape, type SaleDocument } from "@fisco/core"
import { Effect, type Either, Schema } from "effect"
import { EpsonRtConfig, type EpsonRtDevice, epsonRtDriver, makeEpsonRtDevice } from "../src/index.js"

const configFor = (url: string, config: Partial<typeof EpsonRtConfig.Encoded>) => Schema.decodeUnknownSync(EpsonRtConfig)({ url, timeoutMs: 1000, ...config })

/** Runs `use` against the Epson RT driver at `url`, as a host would: a fresh layer per call. */
export const usePrinter = <A>(
  url: string,
  use: (printer: FiscalPrinterShape) => Effect.Effect<A, DeviceError>,
  config: Partial<typeof EpsonRtConfig.Encoded> = {}
): Promise<Either.Either<A, DeviceError>> =>
  Effect.runPromise(Effect.either(Effect.flatMap(FiscalPrinter, use).pipe(Effect.provide(epsonRtDriver.make(configFor(url, config), { livemode: false })))))

/** Runs `use` against the Epson-specific device API at `url`. */
export const useDevice = <A>(url: string, use: (device: EpsonRtDevice) => Effect.Effect<A, DeviceError>): Promise<Either.Either<A, DeviceError>> =>
  Effect.runPromise(Effect.either(Effect.flatMap(makeEpsonRtDevice(configFor(url, {})), use)))

/** A sale of `[amount, VAT basis points]` lines, one piece each, paid in cash. */
export const sale = (...amounts: ReadonlyArray<readonly [number, number]>): SaleDocument => {
  const lines = amounts.map(([amount, basisPoints], i) => ({
    description: `Articolo ${i + 1}`,
    quantityMilli: 1000,
    unitPrice: amount,
    amount,
    vat: { _tag: "rate" as const, basisPoints }
  }))
  const total = amounts.reduce((sum, [amount]) => sum + amount, 0)
  return { lines: lines as unknown as SaleDocument["lines"], payments: [{ method: "cash", amount: total }] }
}

export const leftOf = (result: Either.Either<unknown, DeviceError>): DeviceError | undefined => (result._tag === "Left" ? result.left : undefined)
