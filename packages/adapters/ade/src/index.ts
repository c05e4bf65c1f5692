/**
 * @module @fisco/ade
 * Agenzia delle Entrate corrispettivi data: parse COR10 daily files and AdE's replies into typed
 * values (money in integer cents), validate them against the official XSDs, verify their XMLDSig
 * with the embedded certificate, and produce one JSON report per file (`verifyCorrispettivi`).
 */
export * from "./errors.js"
export { NS } from "./namespaces.js"
export { classifyDocument, DOCUMENT_KINDS, type DocumentKind, documentKinds } from "./document-kind.js"
export { parseXml } from "./xml/parse-xml.js"
export * from "./corrispettivi.js"
export { expectedTax } from "./expected-tax.js"
export * from "./esito.js"
export * from "./evento.js"
export * from "./outcome-codes.js"
export type { CertificateInfo } from "./certificate.js"
export * from "./signature.js"
export * from "./schema-dir.js"
export * from "./xsd.js"
export * from "./verify.js"
