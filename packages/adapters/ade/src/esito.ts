import type { Element } from "@xmldom/xmldom"
import { Either } from "effect"
import type { AdeParseError } from "./errors.js"
import { code5, dateTime, integer, oneOf, requiredText, runParser } from "./fields.js"
import { type OutcomeCode, outcomeCode } from "./outcome-codes.js"
import { parseRoot } from "./root.js"
import { allChildElements, type Located, many, optional, required, textOf } from "./xml/dom.js"

/** One error in an AdE reply, with its entry in the outcome table when the code is known. */
export interface OutcomeError {
  readonly code: string
  /** AdE's own `Descrizione` from the reply. */
  readonly description: string
  readonly known?: OutcomeCode
}

/**
 * - `accepted`: AdE booked the transmission.
 * - `accepted-with-warnings`: lottery supply booked, with signals on some documents (Esito SE).
 * - `rejected`: discarded (EsitoOperazione with Errori; lottery Esito SC).
 */
export type Outcome = "accepted" | "accepted-with-warnings" | "rejected"

/** Reply to a corrispettivi transmission, an event or an activation (`EsitoOperazione`). */
export interface EsitoOperazione {
  readonly kind: "esito"
  readonly operationId: string
  /** `@versione`; AdE's real replies often omit it although the XSD requires it. */
  readonly version?: string
  readonly outcome: Outcome
  readonly errors: ReadonlyArray<OutcomeError>
  /** True when every error is transient: the same file may be resent later. */
  readonly retryable: boolean
}

/** A signal on one document of a lottery supply (`SegnalazioniDocComm/Segnalazione`). */
export interface DocumentSignal {
  readonly position: number
  /** `NumeroProgressivo`, ZZZZ-NNNN. */
  readonly documentNumber: string
  readonly at: string
  readonly errors: ReadonlyArray<OutcomeError>
}

/** Reply to a lottery transmission (`DocCommercialiLotteriaEsito`). */
export interface EsitoLotteria {
  readonly kind: "esito-lotteria"
  readonly operationId: string
  readonly version?: string
  readonly at: string
  readonly documentCount: number
  /** AC accepted, SE accepted with signals, SC rejected as a whole. */
  readonly esito: "AC" | "SE" | "SC"
  readonly outcome: Outcome
  readonly errors: ReadonlyArray<OutcomeError>
  readonly documentSignals: ReadonlyArray<DocumentSignal>
  readonly retryable: boolean
}

export type Esito = EsitoOperazione | EsitoLotteria

const errorOf = (codice: Located, descrizione: Located | undefined): OutcomeError => {
  const code = code5(codice)
  const known = outcomeCode(code)
  return { code, description: descrizione ? textOf(descrizione) : "", ...(known ? { known } : {}) }
}

/**
 * Errors of an `Errori`/`ListaErrori` container: `Errore{Codice, Descrizione}` as the XSD says,
 * or, as some real lottery replies do, bare `Codice`/`Descrizione` pairs without the wrapper.
 */
const errorsOf = (container: Located | undefined): OutcomeError[] => {
  if (!container) return []
  const wrapped = many(container, "Errore")
  if (wrapped.length > 0) return wrapped.map((e) => errorOf(required(e, "Codice"), optional(e, "Descrizione")))
  const out: OutcomeError[] = []
  const children = allChildElements(container.el)
  children.forEach((el: Element, i) => {
    if (el.localName !== "Codice" || el.namespaceURI) return
    const next = children[i + 1]
    const desc = next && next.localName === "Descrizione" && !next.namespaceURI ? { el: next, path: `${container.path}/Descrizione` } : undefined
    out.push(errorOf({ el, path: `${container.path}/Codice` }, desc))
  })
  if (out.length === 0) required(container, "Errore")
  return out
}

const retryableOf = (errors: ReadonlyArray<OutcomeError>) => errors.length > 0 && errors.every((e) => e.known?.kind === "transient")

const versionOf = (root: Located) => (root.el.hasAttribute("versione") ? { version: root.el.getAttribute("versione") ?? "" } : {})

const readEsitoOperazione = (root: Located): EsitoOperazione => {
  const errors = errorsOf(optional(root, "Errori"))
  return {
    kind: "esito",
    operationId: requiredText(root, "IdOperazione"),
    ...versionOf(root),
    outcome: errors.length === 0 ? "accepted" : "rejected",
    errors,
    retryable: retryableOf(errors)
  }
}

const OUTCOME_OF_ESITO = { AC: "accepted", SE: "accepted-with-warnings", SC: "rejected" } as const

const readEsitoLotteria = (root: Located): EsitoLotteria => {
  const esito = oneOf(required(root, "Esito"), ["AC", "SE", "SC"])
  const errors = errorsOf(optional(root, "ListaErrori"))
  // An empty SegnalazioniDocComm (seen on real AC replies) simply means no signals.
  const signals = optional(root, "SegnalazioniDocComm")
  return {
    kind: "esito-lotteria",
    operationId: requiredText(root, "IdOperazione"),
    ...versionOf(root),
    at: dateTime(required(root, "DataOra")),
    documentCount: integer(required(root, "NumElementi")),
    esito,
    outcome: OUTCOME_OF_ESITO[esito],
    errors,
    documentSignals: signals
      ? many(signals, "Segnalazione").map((s) => ({
          position: integer(required(s, "Posizione")),
          documentNumber: requiredText(s, "NumeroProgressivo"),
          at: dateTime(required(s, "DataOra")),
          errors: errorsOf(required(s, "Errori"))
        }))
      : [],
    retryable: retryableOf(errors)
  }
}

/**
 * Parses an AdE reply: `EsitoOperazione` (corrispettivi, events, activation) or
 * `DocCommercialiLotteriaEsito`. Lenient where AdE's real replies deviate from their XSD (missing
 * `@versione`, empty `SegnalazioniDocComm`, errors without the `Errore` wrapper).
 */
export const parseEsito = (xml: string): Either.Either<Esito, AdeParseError> =>
  Either.flatMap(parseRoot(xml, ["esito", "esito-lotteria"]), ({ root, kind }) =>
    runParser((): Esito => (kind === "esito" ? readEsitoOperazione(root) : readEsitoLotteria(root)))
  )
