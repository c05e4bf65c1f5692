/**
 * AdE outcome (esito / scarto) codes, as they appear in AdE's signed replies. The Italian text is
 * AdE's own `Descrizione` from the reference replies (shared/spec/ade/responses, from the ISTI-CNR
 * RT test lab's mock of the AdE service); the English is ours.
 *
 * kind:
 * - `rejected`: the transmission (or the whole lottery supply) was discarded; fix and resend.
 * - `transient`: AdE could not process it now; resend later unchanged.
 * - `duplicate`: AdE already holds this file; nothing to resend.
 * - `warning`: accepted, with a signal on one document (lottery `SegnalazioniDocComm`).
 */
export type OutcomeKind = "rejected" | "transient" | "duplicate" | "warning"

/** Which service answers with the code. */
export type OutcomeArea = "general" | "activation" | "corrispettivi" | "events" | "lottery"

export interface OutcomeCode {
  readonly code: string
  readonly kind: OutcomeKind
  readonly area: OutcomeArea
  readonly it: string
  readonly en: string
}

const entry = (code: string, kind: OutcomeKind, area: OutcomeArea, it: string, en: string): OutcomeCode => ({ code, kind, area, it, en })

export const OUTCOME_CODES: ReadonlyArray<OutcomeCode> = [
  entry("00000", "rejected", "general", "XML non conforme al tracciato", "The XML does not conform to the schema"),
  entry("99999", "rejected", "general", "XML con Firma non integra", "The XML signature is not intact"),
  entry(
    "00100",
    "rejected",
    "activation",
    `Dispositivo non attivabile, si puo' attivare solo un dispositivo nuovo o "DISATTIVATO"`,
    "Device cannot be activated: only a new or DISATTIVATO (deactivated) device can be"
  ),
  entry("00101", "rejected", "activation", "Gestore non censito", "The operator (gestore) is not registered"),
  entry(
    "00110",
    "rejected",
    "activation",
    "L'elemento InformazioniAddizionali/RT/DataMessaInServizio non puo' essere nel passato",
    "InformazioniAddizionali/RT/DataMessaInServizio (date put into service) cannot be in the past"
  ),
  entry("00111", "rejected", "activation", "L'elemento TecnicoVerificatore/CodiceFiscale non e' valido", "TecnicoVerificatore/CodiceFiscale (technician tax code) is invalid"),
  entry(
    "00112",
    "rejected",
    "activation",
    "L'elemento TecnicoVerificatore/PIvaSocieta/IdPaese non e' valido",
    "TecnicoVerificatore/PIvaSocieta/IdPaese (technician company country) is invalid"
  ),
  entry(
    "00113",
    "rejected",
    "activation",
    "L'elemento TecnicoVerificatore/PIvaSocieta/IdCodice non e' valido",
    "TecnicoVerificatore/PIvaSocieta/IdCodice (technician company VAT number) is invalid"
  ),
  entry("00200", "rejected", "corrispettivi", `Dispositivo non "ATTIVATO"`, "The device is not ATTIVATO (activated)"),
  entry(
    "00201",
    "rejected",
    "corrispettivi",
    "L'elemento Trasmissione/Dispositivo/Tipo non coerente con il certificato",
    "Trasmissione/Dispositivo/Tipo does not match the device certificate"
  ),
  entry("00202", "rejected", "corrispettivi", "Date non coerenti sull'elemento PeriodoInattivo", "Inconsistent dates in PeriodoInattivo (inactivity period)"),
  entry("00204", "rejected", "corrispettivi", "Data nel futuro sull'elemento InterventoTecnico/DataOra", "InterventoTecnico/DataOra (technician intervention) is in the future"),
  entry("00206", "rejected", "corrispettivi", "Data nel futuro sull'elemento Segnalazioni/DataOra", "Segnalazioni/DataOra (device signal) is in the future"),
  entry("00208", "rejected", "corrispettivi", "Dati intervento tecnico non congruenti", "Inconsistent technician-intervention data"),
  entry("00209", "rejected", "corrispettivi", "Dati segnalazioni non congruenti", "Inconsistent device-signal data"),
  entry("00212", "rejected", "corrispettivi", "L'elemento Trasmissione/Dispositivo e' obbligatorio", "Trasmissione/Dispositivo is mandatory for this device"),
  entry("00700", "rejected", "events", "Dispositivo in stato non coerente per la segnalazione di un evento", "The device's state does not allow this event"),
  entry("00701", "rejected", "events", "Codice ed evento incoerenti", "Detail code and event do not match"),
  entry("00706", "rejected", "events", "Descrizione obbligatoria per il codice dettaglio", "A description is mandatory for this detail code"),
  entry("00711", "rejected", "events", "Codice dettaglio richiesto inesistente", "Unknown detail code"),
  entry("00300", "rejected", "lottery", "Superata la soglia massima di elementi nel tracciato XML", "Too many documents in the XML file"),
  entry("00301", "rejected", "lottery", "Vincoli dimensionali del file XML superati", "The XML file exceeds the size limits"),
  entry("00302", "transient", "lottery", "Servizio momentaneamente non disponibile", "Service temporarily unavailable: resend later"),
  entry("00303", "rejected", "lottery", "Dispositivo non 'IN SERVIZIO'", "The device is not IN SERVIZIO (in service)"),
  entry("00306", "duplicate", "lottery", "file duplicato", "Duplicate file: AdE already received it"),
  entry("00307", "warning", "lottery", "La data del documento commerciale e' nel futuro", "The commercial document's date is in the future")
]

const BY_CODE = new Map(OUTCOME_CODES.map((e) => [e.code, e]))

/** The table entry for an AdE code, or undefined for a code this table does not know. */
export const outcomeCode = (code: string): OutcomeCode | undefined => BY_CODE.get(code.trim())
