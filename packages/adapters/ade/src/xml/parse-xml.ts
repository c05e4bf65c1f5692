import { type Document, DOMParser, onErrorStopParsing } from "@xmldom/xmldom"
import { Either } from "effect"
import { MalformedXml } from "../errors.js"

/**
 * Parses XML into a namespace-aware DOM. Recoverable parser errors stop parsing (an AdE document
 * that needs error recovery is not one we can vouch for), and DOCTYPEs are refused: no AdE
 * document has one, and refusing them rules out entity tricks before any signature check.
 */
export const parseXml = (xml: string): Either.Either<Document, MalformedXml> => {
  if (typeof xml !== "string") return Either.left(new MalformedXml({ reason: "input is not a string" }))
  if (/<!DOCTYPE/i.test(xml)) return Either.left(new MalformedXml({ reason: "DOCTYPE declarations are not allowed" }))
  let doc: Document
  try {
    doc = new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, "text/xml")
  } catch (e) {
    // parseFromString reports every well-formedness problem by throwing (ParseError); that is its contract.
    return Either.left(new MalformedXml({ reason: e instanceof Error ? e.message.split("\n")[0]! : String(e) }))
  }
  if (!doc.documentElement) return Either.left(new MalformedXml({ reason: "no root element" }))
  return Either.right(doc)
}
