import type { Document } from "@xmldom/xmldom"
import { Either } from "effect"
import type { MalformedXml } from "./errors.js"
import { clark, NS } from "./namespaces.js"
import { parseXml } from "./xml/parse-xml.js"

/** The AdE documents this package recognises, by root element (namespace + local name). */
export const DOCUMENT_KINDS = {
  /** Daily data of an RT/MC/DA (`DatiCorrispettivi`, format COR10), signed by the device. */
  corrispettivi: { namespace: NS.corrispettivi, root: "DatiCorrispettivi", schema: "CorrispettiviTypes_v1.0.xsd" },
  /** AdE's signed reply to a corrispettivi transmission, an event or an activation. */
  esito: { namespace: NS.messaggi, root: "EsitoOperazione", schema: "CorrispettiviMessaggiTypes_v1.0.xsd" },
  /** Device event (FUORI_SERVIZIO, DISATTIVAZIONE, DISMISSIONE…), signed by the device. */
  evento: { namespace: NS.messaggi, root: "EventoDispositivo", schema: "CorrispettiviMessaggiTypes_v1.0.xsd" },
  /** Device activation request. Classified only. */
  attivazione: { namespace: NS.messaggi, root: "AttivaDispositivo", schema: "CorrispettiviMessaggiTypes_v1.0.xsd" },
  /** Device certificate request (census). Classified only. */
  "richiesta-certificato": { namespace: NS.messaggi, root: "RichiestaCertificatoDispositivo", schema: "CorrispettiviMessaggiTypes_v1.0.xsd" },
  /** AdE's reply to a certificate request. Classified only. */
  "esito-certificato": { namespace: NS.messaggi, root: "EsitoRichiestaCertificatoDispositivo", schema: "CorrispettiviMessaggiTypes_v1.0.xsd" },
  /** Commercial documents for the receipt lottery (DCL10). Classified only. */
  lotteria: { namespace: NS.lotteria, root: "DocCommercialiLotteria", schema: "DocCommercialiLotteriaTypes_v1.0.xsd" },
  /** AdE's signed reply to a lottery transmission (AC / SE / SC). */
  "esito-lotteria": { namespace: NS.lotteriaEsito, root: "DocCommercialiLotteriaEsito", schema: "DocCommercialiLotteriaEsitoTypes_v1.0.xsd" }
} as const

export type DocumentKind = keyof typeof DOCUMENT_KINDS

export const documentKinds = Object.keys(DOCUMENT_KINDS) as DocumentKind[]

/** Expected root of a kind in Clark notation, for messages. */
export const rootOf = (kind: DocumentKind): string => clark(DOCUMENT_KINDS[kind].namespace, DOCUMENT_KINDS[kind].root)

/** The kind of a parsed document, or undefined when its root is not an AdE root. */
export const kindOfDocument = (doc: Document): DocumentKind | undefined => {
  const root = doc.documentElement
  if (!root) return undefined
  return documentKinds.find((k) => DOCUMENT_KINDS[k].root === root.localName && DOCUMENT_KINDS[k].namespace === root.namespaceURI)
}

/** Classifies an XML text by its root element; `unknown` for well-formed XML that is no AdE document. */
export const classifyDocument = (xml: string): Either.Either<DocumentKind | "unknown", MalformedXml> =>
  Either.map(parseXml(xml), (doc) => kindOfDocument(doc) ?? "unknown")
