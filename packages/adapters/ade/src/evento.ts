import { Either } from "effect"
import type { AdeParseError } from "./errors.js"
import { code5, dateTime, optionalText, requiredText, runParser } from "./fields.js"
import { parseRoot } from "./root.js"
import { required } from "./xml/dom.js"

/**
 * Detail codes of device events (`Dettaglio/Codice`), as the RT specification lists them for the
 * event types FUORI_SERVIZIO, DISATTIVAZIONE and DISMISSIONE (summarised in
 * shared/research/rt-ade.md §3.2; English descriptions are ours).
 */
export const EVENT_DETAIL_CODES: ReadonlyMap<string, string> = new Map(Object.entries({
  "00600": "Detail memory (DGFE) exhausted",
  "00601": "Other (description mandatory)",
  "00602": "Hot swap of a mobile device",
  "00603": "Sale of the device",
  "00604": "Theft",
  "00605": "Found again",
  "00606": "Lost",
  "00607": "Malfunction",
  "00608": "Warehouse / inactivity period",
  "00609": "Summary memory exhausted or certificate compromised"
}))

/** A signed device event (`EventoDispositivo`). */
export interface Evento {
  readonly kind: "evento"
  /** `Evento`: FUORI_SERVIZIO, DISATTIVAZIONE, DISMISSIONE… */
  readonly event: string
  readonly at: string
  readonly detailCode: string
  readonly description?: string
  /** English meaning of `detailCode` when it is a known one. */
  readonly meaning?: string
}

/** Parses a device `EventoDispositivo` message. */
export const parseEvento = (xml: string): Either.Either<Evento, AdeParseError> =>
  Either.flatMap(parseRoot(xml, ["evento"]), ({ root }) =>
    runParser((): Evento => {
      const dettaglio = required(root, "Dettaglio")
      const detailCode = code5(required(dettaglio, "Codice"))
      const description = optionalText(dettaglio, "Descrizione")
      const meaning = EVENT_DETAIL_CODES.get(detailCode)
      return {
        kind: "evento",
        event: requiredText(root, "Evento"),
        at: dateTime(required(root, "DataOra")),
        detailCode,
        ...(description === undefined ? {} : { description }),
        ...(meaning === undefined ? {} : { meaning })
      }
    })
  )
