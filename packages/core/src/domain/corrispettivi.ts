import { Schema } from "effect"
import { CorrispettiviFileId, CalendarDate, DeviceId, TenantId, Timestamp, TransmissionId } from "./ids.js"
import { MinorUnits } from "./money.js"
import { VatCode } from "./vat.js"

/**
 * What an archived AdE file is: `corrispettivi` the daily data (COR10 `DatiCorrispettivi`) a
 * device signs and sends to AdE (Agenzia delle Entrate) at each Z (daily closure); `esito` AdE's
 * signed outcome (`EsitoOperazione`) of a transmission; `evento` a signed device event
 * (`EventoDispositivo`, e.g. out of service for inactivity).
 */
export const CorrispettiviFileKind = Schema.Literal("corrispettivi", "esito", "evento")
export type CorrispettiviFileKind = typeof CorrispettiviFileKind.Type

/** How the file reached the server: pushed by an agent, read from a device the server polls, or uploaded by a user. */
export const CorrispettiviSource = Schema.Literal("agent", "poll", "upload")
export type CorrispettiviSource = typeof CorrispettiviSource.Type

/**
 * The outcome of checking a file as an auditor would. `verified`: valid against the official XSD,
 * signature intact and (for device files) signed by the device's matricola, totals consistent.
 * `failed`: kept anyway (the raw file is evidence), with every reason in `problems`.
 */
export const FileVerification = Schema.Struct({
  state: Schema.Literal("verified", "failed"),
  xsdValid: Schema.Boolean,
  signatureValid: Schema.Boolean,
  /** CN of the signing certificate: the matricola for device files, AdE for ESITO files. */
  signerCn: Schema.optional(Schema.String),
  /** Whether a device file is signed by the matricola it claims (absent for AdE files). */
  signerMatchesMatricola: Schema.optional(Schema.Boolean),
  /** Whether each VAT summary's tax matches its rate (absent when the file has no VAT summaries). */
  totalsConsistent: Schema.optional(Schema.Boolean),
  problems: Schema.Array(Schema.String)
}).annotations({ identifier: "FileVerification" })
export type FileVerification = typeof FileVerification.Type

/** AdE's verdict carried by an ESITO file: `accepted`, or `rejected` with AdE's codes and descriptions. */
export const EsitoOutcome = Schema.Struct({
  /** `IdOperazione`: AdE's id of the transmission, as directIO 9217 reports it too. */
  operationId: Schema.String,
  outcome: Schema.Literal("accepted", "rejected"),
  errors: Schema.Array(Schema.Struct({ code: Schema.String, description: Schema.String }))
}).annotations({ identifier: "EsitoOutcome" })
export type EsitoOutcome = typeof EsitoOutcome.Type

/** `PeriodoInattivo`: the days without a Z that a (zero) corrispettivi file declares. */
export const InactivePeriod = Schema.Struct({ from: Schema.String, to: Schema.String }).annotations({ identifier: "InactivePeriod" })
export type InactivePeriod = typeof InactivePeriod.Type

/** A signed device event (`EventoDispositivo`): `detailCode` 00608 declares an inactivity period. */
export const DeviceEvent = Schema.Struct({
  event: Schema.String,
  at: Schema.String,
  detailCode: Schema.String,
  description: Schema.optional(Schema.String)
}).annotations({ identifier: "DeviceEvent" })
export type DeviceEvent = typeof DeviceEvent.Type

/**
 * One AdE file in the corrispettivi archive. The raw XML is kept byte for byte (see
 * `GET /v1/corrispettivi/{id}/xml`) and identified by its SHA-256: the same file delivered twice
 * is stored once per tenant.
 */
export const CorrispettiviFile = Schema.Struct({
  id: CorrispettiviFileId,
  tenantId: TenantId,
  livemode: Schema.Boolean,
  /** The device the file belongs to, when its matricola is a registered device's serial. */
  deviceId: Schema.optional(DeviceId),
  /** The RT's matricola (serial registered with AdE): the signer of a device file, or the device's serial. */
  matricola: Schema.optional(Schema.String),
  kind: CorrispettiviFileKind,
  /** The fiscal day: of the Z for corrispettivi, of the device folder or the event otherwise. */
  day: Schema.optional(CalendarDate),
  /** The Z (daily closure number) the file belongs to, when known (from its name or its transmission). */
  zNumber: Schema.optional(Schema.Int),
  fileName: Schema.optional(Schema.String),
  source: CorrispettiviSource,
  sha256: Schema.String,
  size: Schema.Int,
  /** `@simulazione="true"`: a test transmission AdE does not book. */
  simulation: Schema.optional(Schema.Boolean),
  verification: FileVerification,
  esito: Schema.optional(EsitoOutcome),
  inactivePeriod: Schema.optional(InactivePeriod),
  event: Schema.optional(DeviceEvent),
  /** When the file reached the server through its first delivery. */
  receivedAt: Timestamp,
  createdAt: Timestamp
}).annotations({ identifier: "CorrispettiviFile" })
export type CorrispettiviFile = typeof CorrispettiviFile.Type

/**
 * One VAT summary (`Riepilogo`) of a corrispettivi file, the index the back office searches and
 * the quadratura reads. `vat` is the rate or Natura; `ventilazione` summaries (VAT ventilation,
 * no rate) are indexed with `vat` absent. `amount` (`Ammontare`) is NET of VAT, `tax`
 * (`Imposta`) separate; `returns` (resi) and `voids` (annulli) as declared. Minor units.
 */
export interface CorrispettiviVatRow {
  readonly fileId: CorrispettiviFileId
  readonly deviceId?: DeviceId
  readonly matricola?: string
  readonly day: CalendarDate
  readonly zNumber?: number
  readonly vat?: VatCode
  readonly amount: number
  readonly tax: number
  readonly returns: number
  readonly voids: number
}

/** A device's declared totals for one day, Z and VAT rate: what `dailyTotals` answers (verified files only). */
export const DeviceDailyVatTotal = Schema.Struct({
  deviceId: DeviceId,
  day: CalendarDate,
  zNumber: Schema.Int,
  vat: VatCode,
  amount: MinorUnits,
  tax: MinorUnits,
  returns: MinorUnits,
  voids: MinorUnits
}).annotations({ identifier: "DeviceDailyVatTotal" })
export type DeviceDailyVatTotal = typeof DeviceDailyVatTotal.Type

/** Search filters of the archive. `vatRate` in basis points (2200 = 22%) or a Natura code. */
export interface CorrispettiviFilter {
  readonly deviceId?: DeviceId
  readonly deviceIds?: ReadonlyArray<DeviceId>
  readonly kind?: CorrispettiviFileKind
  readonly from?: CalendarDate
  readonly to?: CalendarDate
  readonly vat?: VatCode
  readonly verification?: FileVerification["state"]
}

/**
 * Where the transmission of one Z's corrispettivi to AdE stands: `queued` on the device, `sent`
 * (AdE took it, with its transmission id), then `accepted` or `rejected` by AdE's ESITO.
 */
export const TransmissionState = Schema.Literal("queued", "sent", "accepted", "rejected")
export type TransmissionState = typeof TransmissionState.Type

/** The transmission record of one device's Z, fed by ESITO files, directIO 9217 reads and the device's file counters. */
export const Transmission = Schema.Struct({
  id: TransmissionId,
  tenantId: TenantId,
  livemode: Schema.Boolean,
  deviceId: DeviceId,
  zNumber: Schema.Int,
  day: Schema.optional(CalendarDate),
  state: TransmissionState,
  /** AdE's id of the transmission (`IdOperazione`). */
  transmissionId: Schema.optional(Schema.String),
  /** The first error of a rejection: AdE's code and description. */
  adeCode: Schema.optional(Schema.String),
  adeDescription: Schema.optional(Schema.String),
  errors: Schema.Array(Schema.Struct({ code: Schema.String, description: Schema.String })),
  corrispettiviFileId: Schema.optional(CorrispettiviFileId),
  esitoFileId: Schema.optional(CorrispettiviFileId),
  sentAt: Schema.optional(Timestamp),
  outcomeAt: Schema.optional(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp
}).annotations({ identifier: "Transmission" })
export type Transmission = typeof Transmission.Type

export interface TransmissionFilter {
  readonly deviceId?: DeviceId
  readonly state?: TransmissionState
}
