import {
  type CalendarDate,
  type Device,
  type FiscalFileRef,
  type ZTransmissionStatus,
  type DeviceError,
  type DocumentReference,
  type DriverRegistry,
  FiscalPrinter,
  type PrintedDocument,
  type SaleDocument,
  type StatusReading,
  runDevice,
  serviceForKind
} from "@fisco/core"
import { type Context, Effect, type Layer, type Option } from "effect"

/** Reads a device's status through its driver, whatever its kind (every device service has `status`). */
export const readStatus = (drivers: DriverRegistry, device: Device): Promise<StatusReading> => {
  const tag = serviceForKind[device.kind].tag as unknown as Context.Tag<unknown, { readonly status: Effect.Effect<StatusReading, DeviceError> }>
  const layer = drivers.layerFor(device) as Layer.Layer<unknown, DeviceError>
  return runDevice(Effect.flatMap(tag, (service) => service.status).pipe(Effect.provide(layer)))
}

const withPrinter = <A>(drivers: DriverRegistry, device: Device, use: (printer: FiscalPrinter["Type"]) => Effect.Effect<A, DeviceError>) =>
  runDevice(Effect.flatMap(FiscalPrinter, use).pipe(Effect.provide(drivers.layerFor(device) as Layer.Layer<FiscalPrinter, DeviceError>)))

export const lastDocument = (drivers: DriverRegistry, device: Device): Promise<Option.Option<PrintedDocument>> =>
  withPrinter(drivers, device, (printer) => printer.lastDocument)

/** Prints a sale; the driver itself never re-prints after a lost reply (it reads the last document first). */
export const printSale = (drivers: DriverRegistry, device: Device, sale: SaleDocument): Promise<PrintedDocument> =>
  withPrinter(drivers, device, (printer) => printer.printSale(sale))

/** Prints a refund (reso) of an earlier document; like `printSale`, never re-printed blindly. */
export const printRefund = (drivers: DriverRegistry, device: Device, reference: DocumentReference, sale: SaleDocument): Promise<PrintedDocument> =>
  withPrinter(drivers, device, (printer) => printer.printRefund(reference, sale))

/** Prints a void (annullo) of an earlier document. */
export const printVoid = (drivers: DriverRegistry, device: Device, reference: DocumentReference): Promise<PrintedDocument> =>
  withPrinter(drivers, device, (printer) => printer.printVoid(reference))

export const fiscalFiles = (drivers: DriverRegistry, device: Device, day: CalendarDate): Promise<ReadonlyArray<FiscalFileRef>> =>
  withPrinter(drivers, device, (printer) => printer.fiscalFiles(day))

export const readFiscalFile = (drivers: DriverRegistry, device: Device, ref: FiscalFileRef): Promise<string> =>
  withPrinter(drivers, device, (printer) => printer.readFiscalFile(ref))

export const zTransmission = (drivers: DriverRegistry, device: Device, zNumber: number): Promise<ZTransmissionStatus> =>
  withPrinter(drivers, device, (printer) => printer.zTransmission(zNumber))
