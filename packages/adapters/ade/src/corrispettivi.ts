import type { VatCode } from "@fisco/core"
import { Either } from "effect"
import type { AdeParseError } from "./errors.js"
import { InvalidField } from "./errors.js"
import {
  amountCents,
  dateTime,
  integer,
  oneOf,
  optionalAmountCents,
  optionalDateTime,
  optionalText,
  rateBasisPoints,
  requiredText,
  runParser
} from "./fields.js"
import { parseRoot } from "./root.js"
import { type Located, many, optional, required, textOf } from "./xml/dom.js"

/**
 * Typed content of a COR10 `DatiCorrispettivi` file: the daily data an RT (or MC/DA) signs and
 * sends to AdE at each Z closure. All money is integer euro cents.
 *
 * `amount` (`<Ammontare>`) is NET of VAT: the taxable base, with `tax` (`<Imposta>`) the VAT on it.
 * See docs/corrispettivi.md for the evidence and a worked example.
 */
export interface Corrispettivi {
  readonly kind: "corrispettivi"
  /** `@versione`, always COR10 for this schema. */
  readonly version: "COR10"
  /** `@simulazione="true"`: a test transmission that AdE does not book. */
  readonly simulation: boolean
  /** `Trasmissione/Progressivo`: the device's transmission counter. */
  readonly progressive: number
  /** `Trasmissione/Dispositivo`: present for multi-till (MC) and vending (DA) devices; an RT is identified by its certificate. */
  readonly device?: DeviceIdentity
  /** `PeriodoInattivo`: days without a Z that this (zero) transmission covers. */
  readonly inactivePeriod?: { readonly from: string; readonly to: string }
  /** `DataOraRilevazione`: when the Z was taken, local time as written. */
  readonly detectedAt: string
  /** Calendar day of `detectedAt` (YYYY-MM-DD). */
  readonly date: string
  readonly currency: "EUR"
  /** `DatiRT/Riepilogo`: one entry per VAT rate, Natura or ventilazione. Empty for DA data. */
  readonly perVat: ReadonlyArray<VatSummary>
  /** `DatiRT/Totali` (spec v7+): document count and how the day was paid. */
  readonly totals?: DayTotals
  /** `DatiDA`: vending-machine readings instead of `DatiRT`. */
  readonly vending?: VendingData
  /** `InterventoTecnico`: technician interventions (maintenance, periodic verification…). */
  readonly technicianInterventions: ReadonlyArray<TechnicianIntervention>
  /** `Segnalazione`: signals the device reports to AdE. */
  readonly signals: ReadonlyArray<DeviceSignal>
}

export interface DeviceIdentity {
  readonly type: "DA" | "MC"
  readonly id: string
  readonly geo?: { readonly lat: string; readonly long: string }
}

/** How a summary is taxed: a core `VatCode` (rate in basis points or Natura) or VAT ventilation (DM 24/02/1973). */
export type SummaryVat = VatCode | { readonly _tag: "ventilazione" }

/**
 * One `Riepilogo`. `vat`, `amount`, `tax`, `returns` and `voids` line up with core's `DailyVatTotal`.
 */
export interface VatSummary {
  readonly vat: SummaryVat
  /** `Ammontare`, net of VAT. */
  readonly amount: number
  /** `IVA/Imposta`; 0 for Natura and ventilazione summaries, which carry no tax. */
  readonly tax: number
  /** `TotaleAmmontareResi` (returns), 0 when absent. */
  readonly returns: number
  /** `TotaleAmmontareAnnulli` (voids), 0 when absent. */
  readonly voids: number
  /** `ImportoParziale`: the part of `amount` actually collected (spec v7+). */
  readonly partialAmount?: number
  /** `BeniInSospeso`: goods delivered, payment pending. */
  readonly suspendedGoods?: number
  /** `NonRiscossoServizi`. */
  readonly uncollectedServices?: number
  /** `NonRiscossoFatture`: to be invoiced. */
  readonly uncollectedInvoices?: number
  /** `TotaleDaFattureRT`: invoices issued by the RT. */
  readonly fromRtInvoices?: number
  /** `NonRiscossoDCRaSSN`: charged to the national health service. */
  readonly uncollectedHealthService?: number
  /** `NonRiscossoOmaggio`: gifts (still taxable). */
  readonly uncollectedGifts?: number
  /** `RifNormativo`: legal reference for a Natura. */
  readonly legalReference?: string
  /** `CodiceAttivita`: ATECO activity code. */
  readonly activityCode?: number
}

export interface DayTotals {
  /** `NumeroDocCommerciali`. */
  readonly documentCount: number
  /** `PagatoContanti`. */
  readonly paidCash?: number
  /** `PagatoElettronico`. */
  readonly paidElectronic?: number
  /** `ScontoApagare`: discounts applied at payment (vouchers). */
  readonly discountAtPayment?: number
  /** `Ticket`: meal vouchers. */
  readonly tickets?: { readonly amount: number; readonly count: number }
}

/** Amount fields of `DatiDA/Periodo` and `DatiDA/Cumulato`, in XSD order. */
export const VENDING_AMOUNT_FIELDS = [
  "Venduto",
  "VendutoContante",
  "VendutoNoContante",
  "Incassato",
  "IncassatoRicarica",
  "IncassatoVendita",
  "TotaleResoTubiResto",
  "TotaleCaricatoTubiResto",
  "TotaleResoManualeTubiResto",
  "TotaleCaricatoManualeTubiResto"
] as const
export type VendingAmountField = (typeof VENDING_AMOUNT_FIELDS)[number]

export interface VendingData {
  /** `Periodo` (since the previous withdrawal) or `Cumulato` (running totals). */
  readonly mode: "period" | "cumulative"
  readonly amounts: Readonly<Record<VendingAmountField, number>>
  /** `DataOraPrelievoPrec` (period mode). */
  readonly previousWithdrawalAt?: string
  /** `ProgressivoPrelievo` (period mode). */
  readonly withdrawalProgressive?: number
}

export interface TechnicianIntervention {
  /** `CFTecnico`. */
  readonly technicianTaxCode: string
  /** `IdIVALaboratorio`. */
  readonly laboratoryVatId: { readonly country: string; readonly code: string }
  readonly at: string
  /** `Codice`: 1 maintenance, 2 fiscal-memory replacement, 3/4/5 periodic verification positive/negative/withdrawn, 6 other. */
  readonly code: string
  readonly note?: string
  readonly softwareNumber?: string
  readonly releaseDate?: string
}

export interface DeviceSignal {
  readonly matricola: string
  readonly at: string
  readonly code: string
  readonly note?: string
}

const vatOf = (r: Located): { vat: SummaryVat; tax: number } => {
  const iva = optional(r, "IVA")
  if (iva) return { vat: { _tag: "rate", basisPoints: rateBasisPoints(required(iva, "AliquotaIVA")) }, tax: amountCents(required(iva, "Imposta")) }
  const natura = optional(r, "Natura")
  if (natura) {
    const code = textOf(natura)
    if (!/^N[1-7](\.\d)?$/.test(code)) throw new InvalidField({ path: natura.path, value: code, reason: "Natura must be a code such as N4 or N2.1" })
    return { vat: { _tag: "natura", code }, tax: 0 }
  }
  const ventilazione = optional(r, "VentilazioneIVA")
  if (ventilazione) {
    oneOf(ventilazione, ["SI"])
    return { vat: { _tag: "ventilazione" }, tax: 0 }
  }
  throw new InvalidField({ path: r.path, value: "", reason: "a Riepilogo needs IVA, Natura or VentilazioneIVA" })
}

const withOptional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }

const summaryOf = (r: Located): VatSummary => {
  const { vat, tax } = vatOf(r)
  const code = optional(r, "CodiceAttivita")
  return {
    vat,
    amount: amountCents(required(r, "Ammontare")),
    tax,
    returns: optionalAmountCents(r, "TotaleAmmontareResi") ?? 0,
    voids: optionalAmountCents(r, "TotaleAmmontareAnnulli") ?? 0,
    ...withOptional("partialAmount", optionalAmountCents(r, "ImportoParziale")),
    ...withOptional("suspendedGoods", optionalAmountCents(r, "BeniInSospeso")),
    ...withOptional("uncollectedServices", optionalAmountCents(r, "NonRiscossoServizi")),
    ...withOptional("uncollectedInvoices", optionalAmountCents(r, "NonRiscossoFatture")),
    ...withOptional("fromRtInvoices", optionalAmountCents(r, "TotaleDaFattureRT")),
    ...withOptional("uncollectedHealthService", optionalAmountCents(r, "NonRiscossoDCRaSSN")),
    ...withOptional("uncollectedGifts", optionalAmountCents(r, "NonRiscossoOmaggio")),
    ...withOptional("legalReference", optionalText(r, "RifNormativo")),
    ...withOptional("activityCode", code ? integer(code, { min: 1, maxDigits: 6 }) : undefined)
  }
}

const totalsOf = (t: Located): DayTotals => {
  const ticket = optional(t, "Ticket")
  return {
    documentCount: integer(required(t, "NumeroDocCommerciali")),
    ...withOptional("paidCash", optionalAmountCents(t, "PagatoContanti")),
    ...withOptional("paidElectronic", optionalAmountCents(t, "PagatoElettronico")),
    ...withOptional("discountAtPayment", optionalAmountCents(t, "ScontoApagare")),
    ...withOptional(
      "tickets",
      ticket ? { amount: amountCents(required(ticket, "PagatoTicket")), count: integer(required(ticket, "NumeroTicket")) } : undefined
    )
  }
}

const vendingOf = (da: Located): VendingData => {
  const periodo = optional(da, "Periodo")
  const block = periodo ?? optional(da, "Cumulato")
  if (!block) throw new InvalidField({ path: da.path, value: "", reason: "DatiDA needs Periodo or Cumulato" })
  const amounts = Object.fromEntries(VENDING_AMOUNT_FIELDS.map((f) => [f, amountCents(required(block, f))])) as Record<VendingAmountField, number>
  if (!periodo) return { mode: "cumulative", amounts }
  return {
    mode: "period",
    amounts,
    previousWithdrawalAt: dateTime(required(periodo, "DataOraPrelievoPrec")),
    withdrawalProgressive: integer(required(periodo, "ProgressivoPrelievo"))
  }
}

const deviceOf = (d: Located): DeviceIdentity => {
  const geo = optional(d, "GeoLocalizzazione")
  return {
    type: oneOf(required(d, "Tipo"), ["DA", "MC"]),
    id: requiredText(d, "IdDispositivo"),
    ...withOptional("geo", geo ? { lat: requiredText(geo, "Lat"), long: requiredText(geo, "Long") } : undefined)
  }
}

const interventionOf = (i: Located): TechnicianIntervention => {
  const lab = required(i, "IdIVALaboratorio")
  return {
    technicianTaxCode: requiredText(i, "CFTecnico"),
    laboratoryVatId: { country: requiredText(lab, "IdPaese"), code: requiredText(lab, "IdCodice") },
    at: dateTime(required(i, "DataOra")),
    code: requiredText(i, "Codice"),
    ...withOptional("note", optionalText(i, "Note")),
    ...withOptional("softwareNumber", optionalText(i, "NumeroSw")),
    ...withOptional("releaseDate", optionalDateTime(i, "DataRelease"))
  }
}

const signalOf = (s: Located): DeviceSignal => ({
  matricola: requiredText(s, "Matricola"),
  at: dateTime(required(s, "DataOra")),
  code: requiredText(s, "Codice"),
  ...withOptional("note", optionalText(s, "Note"))
})

const readCorrispettivi = (root: Located): Corrispettivi => {
  const versione = root.el.getAttribute("versione")
  if (versione !== "COR10") throw new InvalidField({ path: "@versione", value: versione ?? "", reason: "must be COR10" })
  const trasmissione = required(root, "Trasmissione")
  oneOf(required(trasmissione, "Formato"), ["COR10"])
  const dispositivo = optional(trasmissione, "Dispositivo")
  const periodo = optional(root, "PeriodoInattivo")
  const detectedAt = dateTime(required(root, "DataOraRilevazione"))
  const rt = optional(root, "DatiRT")
  const da = rt ? undefined : optional(root, "DatiDA")
  if (!rt && !da) throw new InvalidField({ path: "DatiRT", value: "", reason: "either DatiRT or DatiDA is required" })
  const riepiloghi = rt ? many(rt, "Riepilogo") : []
  if (rt && riepiloghi.length === 0) required(rt, "Riepilogo")
  const totali = rt ? optional(rt, "Totali") : undefined
  return {
    kind: "corrispettivi",
    version: "COR10",
    simulation: root.el.getAttribute("simulazione") === "true",
    progressive: integer(required(trasmissione, "Progressivo"), { min: 1 }),
    ...withOptional("device", dispositivo ? deviceOf(dispositivo) : undefined),
    ...withOptional("inactivePeriod", periodo ? { from: dateTime(required(periodo, "Dal")), to: dateTime(required(periodo, "Al")) } : undefined),
    detectedAt,
    date: detectedAt.slice(0, 10),
    currency: "EUR",
    perVat: riepiloghi.map(summaryOf),
    ...withOptional("totals", totali ? totalsOf(totali) : undefined),
    ...withOptional("vending", da ? vendingOf(da) : undefined),
    technicianInterventions: many(root, "InterventoTecnico").map(interventionOf),
    signals: many(root, "Segnalazione").map(signalOf)
  }
}

/**
 * Parses a COR10 `DatiCorrispettivi` document (namespace-checked root). Does not verify the
 * signature or the XSD: see `verifySignature`, `validateAgainstXsd` and `verifyCorrispettivi`.
 */
export const parseCorrispettivi = (xml: string): Either.Either<Corrispettivi, AdeParseError> =>
  Either.flatMap(parseRoot(xml, ["corrispettivi"]), ({ root }) => runParser(() => readCorrispettivi(root)))
