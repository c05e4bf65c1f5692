import type { DeviceEvent, EsitoOutcome, InactivePeriod } from "../domain/corrispettivi.js"
import type { VatCode } from "../domain/vat.js"

/** One `Riepilogo` as a verifier reads it; `vat` absent for a ventilazione summary. Minor units, `amount` net of VAT. */
export interface VerifiedVatSummary {
  readonly vat?: VatCode
  readonly amount: number
  readonly tax: number
  readonly returns: number
  readonly voids: number
}

/** What a verifier learns from one file. `kind: "unknown"` for well-formed XML that is no corrispettivi, ESITO or event. */
export interface CorrispettiviReading {
  readonly kind: "corrispettivi" | "esito" | "evento" | "unknown"
  readonly xsdValid: boolean
  readonly signatureValid: boolean
  readonly signerCn?: string
  readonly signerMatchesMatricola?: boolean
  readonly totalsConsistent?: boolean
  /** Every reason the file is not authentic and sound; empty when it is. */
  readonly problems: ReadonlyArray<string>
  readonly corrispettivi?: {
    /** Calendar day of `DataOraRilevazione`. */
    readonly day: string
    readonly simulation: boolean
    readonly inactivePeriod?: InactivePeriod
    readonly perVat: ReadonlyArray<VerifiedVatSummary>
  }
  readonly esito?: EsitoOutcome
  readonly evento?: DeviceEvent
}

/**
 * Reads and checks an AdE file (XSD, XMLDSig, signer = matricola, totals). Core has no XML: the
 * server implements this port with `@fisco/ade`. `verify` fails with `MalformedDocument` when the
 * text is not XML at all; any other defect is a problem in the reading, never a throw.
 */
export interface CorrispettiviVerifier {
  verify(xml: string, options: { readonly expectedMatricola?: string }): Promise<CorrispettiviReading>
}
