import { Schema } from "effect"

const CalendarDate = Schema.String.pipe(Schema.pattern(/^\d{4}-\d{2}-\d{2}$/, { message: () => "must be a date YYYY-MM-DD" }))
const Count = Schema.Int.pipe(Schema.between(0, 9999))

/** What a department is taxed at: a VAT rate in basis points (2200 = 22%) or an AdE Natura code. */
export const VatAssignment = Schema.Union(
  Schema.Struct({ rate: Schema.Int.pipe(Schema.between(0, 10_000)) }),
  Schema.Struct({ natura: Schema.Literal("N1", "N2", "N3", "N4", "N5", "N6") })
)
export type VatAssignment = typeof VatAssignment.Type

/**
 * The device conditions a test or a demo can set, at start (`state`) or later (`POST /admin/state`).
 * Each one shows in `queryPrinterStatus` and directIO 1138/4228 as the real printer encodes it.
 */
export const DeviceConditions = Schema.Struct({
  /** Paper roll: `near-end` is a warning (printerStatus byte 1 = 2), `end` stops printing (byte 1 = 3). */
  paper: Schema.optional(Schema.Literal("ok", "near-end", "end")),
  /** Cover open: the printer goes offline (byte 1 = 3) and refuses to print. */
  coverOpen: Schema.optional(Schema.Boolean),
  /** Electronic journal (DGFE/MPD): byte 2 = 1 near full, 5 full (full refuses fiscal documents). */
  dgfe: Schema.optional(Schema.Literal("ok", "near-full", "full")),
  /** Fiscal (summary) memory, `mfStatus` of statusType 0: 0 ok, 1 near full, 2 full (full refuses fiscal documents). */
  fiscalMemory: Schema.optional(Schema.Literal("ok", "near-full", "full")),
  /** Device certificate (CD) expiry, `rtExpiryCD`. Defaults to the simulator certificate's expiry. */
  certificateExpiry: Schema.optional(CalendarDate),
  /** AdE CA certificate expiry, `rtExpiryCA`. */
  caCertificateExpiry: Schema.optional(CalendarDate),
  /** Periodic verification (verificazione periodica) due date, directIO 4228; null = not programmed ("000000"). */
  periodicVerification: Schema.optional(Schema.NullOr(CalendarDate)),
  /** Files waiting for AdE, on top of the ones the simulator's own Z closures left queued. */
  filesToSend: Schema.optional(Count),
  /** Files pending longer than the SET 15/25 threshold. */
  oldFilesToSend: Schema.optional(Count),
  /** Files AdE rejected, on top of the ones the simulator's own Z closures had rejected. */
  filesRejected: Schema.optional(Count),
  /** Key/mode (printerStatus byte 5): only `registration` accepts fiscal documents; `set` is the service mode. */
  mode: Schema.optional(Schema.Literal("registration", "x", "z", "set")),
  /** Case opened / seals broken: 1138 "out of service" flag; the printer refuses fiscal documents. */
  caseOpen: Schema.optional(Schema.Boolean),
  /** Training (simulation) mode: `rtTrainingMode` 1 and `simulazione="true"` on the COR10. */
  trainingMode: Schema.optional(Schema.Boolean),
  /** How AdE answers the transmissions of the next Z closures. */
  transmission: Schema.optional(Schema.Literal("accepted", "queued", "rejected")),
  /** Serve `/www/dati-rt/` with the duplicated `Transfer-Encoding: chunked` header real printers send. */
  archiveMalformedHeaders: Schema.optional(Schema.Boolean)
})
export type DeviceConditions = typeof DeviceConditions.Type

/** Where a simulated printer starts and returns to on reset: conditions plus its fiscal history. */
export const InitialState = Schema.Struct({
  ...DeviceConditions.fields,
  /** Z closures already done; the first document is numbered under Z `closures + 1`. */
  closures: Schema.optional(Count),
  /** Date of the last Z; days between it and the next Z are declared as PeriodoInattivo in the COR10. */
  lastClosureDate: Schema.optional(CalendarDate),
  /** `rtType`: I shop, E external, P palmtop, M converted meter, S RT server. */
  rtType: Schema.optional(Schema.Literal("I", "E", "P", "M", "S")),
  /** Department number → VAT. Defaults to 1: 22%, 2: 10%, 3: 4%, 4: 5%, 5: N4, 6: N2, 7: N3, 8: N1. */
  departments: Schema.optional(Schema.Record({ key: Schema.String.pipe(Schema.pattern(/^\d{1,2}$/)), value: VatAssignment }))
})
export type InitialState = typeof InitialState.Type

export const DEFAULT_DEPARTMENTS: Readonly<Record<string, VatAssignment>> = {
  "1": { rate: 2200 },
  "2": { rate: 1000 },
  "3": { rate: 400 },
  "4": { rate: 500 },
  "5": { natura: "N4" },
  "6": { natura: "N2" },
  "7": { natura: "N3" },
  "8": { natura: "N1" }
}

/** Conditions with every default filled in, as the device holds them. */
export type Conditions = { -readonly [K in keyof Required<DeviceConditions>]: Exclude<DeviceConditions[K], undefined> } & {
  periodicVerification: string | null
}

export const defaultConditions = (certificateExpiry: string, caCertificateExpiry: string, periodicVerification: string): Conditions => ({
  paper: "ok",
  coverOpen: false,
  dgfe: "ok",
  fiscalMemory: "ok",
  certificateExpiry,
  caCertificateExpiry,
  periodicVerification,
  filesToSend: 0,
  oldFilesToSend: 0,
  filesRejected: 0,
  mode: "registration",
  caseOpen: false,
  trainingMode: false,
  transmission: "accepted",
  archiveMalformedHeaders: false
})

/** Applies the conditions present in `update`; other keys (fiscal history…) are ignored. */
export const applyConditions = (current: Conditions, update: DeviceConditions): Conditions => {
  const next = { ...current }
  for (const [key, value] of Object.entries(update)) if (value !== undefined && key in next) (next as Record<string, unknown>)[key] = value
  return next
}
