import type { Document, Element } from "@xmldom/xmldom"
import { Either } from "effect"
import { SignedXml } from "xml-crypto"
import { type CertificateInfo, pemOfBase64, publicKeyType, readCertificate } from "./certificate.js"
import { NS } from "./namespaces.js"
import { childElement, childElements } from "./xml/dom.js"
import { withoutInsignificantWhitespace } from "./xml/insignificant-whitespace.js"
import { parseXml } from "./xml/parse-xml.js"

/** Algorithms accepted in AdE documents (every real sample uses C14N 1.0, SHA-256 and RSA-SHA256). */
const ALLOWED = {
  signature: ["http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"],
  digest: ["http://www.w3.org/2001/04/xmlenc#sha256", "http://www.w3.org/2001/04/xmlenc#sha512"],
  canonicalization: [
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments",
    "http://www.w3.org/2001/10/xml-exc-c14n#",
    "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"
  ]
} as const
const ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"

export interface SignatureAlgorithms {
  readonly signature: string
  readonly digest: string
  readonly canonicalization: string
}

/** Outcome of checking the enveloped XMLDSig of an AdE document against its embedded certificate. */
export interface SignatureReport {
  /** The document carries a `ds:Signature` as a child of its root. */
  readonly present: boolean
  /** The digest and the RSA signature check out with the embedded certificate's key. */
  readonly valid: boolean
  /** Why `valid` is false. */
  readonly reason?: string
  /**
   * True when the signature only verifies once insignificant whitespace is dropped: the file was
   * re-indented after signing. The signed values are intact; the monitor may flag the file.
   */
  readonly whitespaceNormalised: boolean
  readonly algorithms?: SignatureAlgorithms
  /** The embedded signing certificate (not chain-validated: AdE's CA is not bundled here). */
  readonly certificate?: CertificateInfo
  /** Subject CN of the certificate: the matricola for device documents. */
  readonly signerCn?: string
}

const failure = (reason: string, extra: Partial<SignatureReport> = {}): SignatureReport => ({
  present: true,
  valid: false,
  reason,
  whitespaceNormalised: false,
  ...extra
})

const algorithmOf = (parent: Element | undefined, local: string) => (parent ? childElement(parent, local, NS.dsig)?.getAttribute("Algorithm") ?? "" : "")

/**
 * Structural checks before any cryptography: exactly one signature, enveloped, covering the whole
 * document (one Reference, URI=""), with allowed algorithms. This is what makes "the signature is
 * valid" mean "this whole document is what the signer signed" (no wrapping tricks).
 */
const inspect = (doc: Document): Either.Either<{ signature: Element; algorithms: SignatureAlgorithms; certBase64: string }, SignatureReport> => {
  const root = doc.documentElement!
  const all = doc.getElementsByTagNameNS(NS.dsig, "Signature")
  const direct = childElements(root, "Signature", NS.dsig)
  if (all.length === 0) return Either.left({ present: false, valid: false, reason: "the document is not signed", whitespaceNormalised: false })
  if (all.length !== 1 || direct.length !== 1) return Either.left(failure("expected exactly one ds:Signature, as a child of the root"))
  const signature = direct[0]!
  const signedInfo = childElement(signature, "SignedInfo", NS.dsig)
  const references = signedInfo ? childElements(signedInfo, "Reference", NS.dsig) : []
  if (!signedInfo || references.length !== 1) return Either.left(failure("SignedInfo must hold exactly one Reference"))
  const reference = references[0]!
  if (reference.getAttribute("URI") !== "") return Either.left(failure('the Reference must cover the whole document (URI="")'))
  const transforms = childElement(reference, "Transforms", NS.dsig)
  const transformAlgorithms = transforms ? childElements(transforms, "Transform", NS.dsig).map((t) => t.getAttribute("Algorithm") ?? "") : []
  if (!transformAlgorithms.includes(ENVELOPED)) return Either.left(failure("the signature must be enveloped"))
  const algorithms: SignatureAlgorithms = {
    signature: algorithmOf(signedInfo, "SignatureMethod"),
    digest: algorithmOf(reference, "DigestMethod"),
    canonicalization: algorithmOf(signedInfo, "CanonicalizationMethod")
  }
  for (const key of ["signature", "digest", "canonicalization"] as const) {
    if (!(ALLOWED[key] as ReadonlyArray<string>).includes(algorithms[key])) {
      return Either.left(failure(`${key} algorithm not allowed: ${algorithms[key] || "(none)"}`, { algorithms }))
    }
  }
  for (const t of transformAlgorithms) {
    if (t !== ENVELOPED && !(ALLOWED.canonicalization as ReadonlyArray<string>).includes(t)) {
      return Either.left(failure(`transform not allowed: ${t}`, { algorithms }))
    }
  }
  const keyInfo = childElement(signature, "KeyInfo", NS.dsig)
  const x509Data = keyInfo ? childElements(keyInfo, "X509Data", NS.dsig) : []
  const certs = x509Data.flatMap((d) => childElements(d, "X509Certificate", NS.dsig))
  if (certs.length !== 1) return Either.left(failure("KeyInfo must embed exactly one X509Certificate", { algorithms }))
  return Either.right({ signature, algorithms, certBase64: certs[0]!.textContent ?? "" })
}

/** Runs xml-crypto on one serialisation; returns undefined when valid, else the reason. */
const cryptoCheck = (xml: string, pem: string): string | undefined => {
  const parsed = parseXml(xml)
  if (Either.isLeft(parsed)) return parsed.left.message
  const signature = childElements(parsed.right.documentElement!, "Signature", NS.dsig)[0]
  if (!signature) return "signature lost while normalising whitespace"
  const verifier = new SignedXml({ publicCert: pem })
  try {
    // xml-crypto types its DOM arguments with the browser `Node`; xmldom nodes are what it uses internally.
    verifier.loadSignature(signature as unknown as Parameters<SignedXml["loadSignature"]>[0])
    return verifier.checkSignature(xml) ? undefined : "a referenced digest does not match the document"
  } catch (e) {
    // xml-crypto reports a failed check by throwing; keep its reason (digest or signature value).
    return e instanceof Error ? e.message.replace(/\s+/g, " ").slice(0, 300) : String(e)
  }
}

export interface VerifySignatureOptions {
  /** Clock for the certificate's `expired` flag; defaults to now. */
  readonly now?: Date
}

/**
 * Verifies the enveloped XMLDSig of an AdE document with the key of the certificate it embeds.
 * Certificate expiry is reported (`certificate.expired`) but never fails the check: archived files
 * outlive their certificates, and the samples come from expired test CAs. Never throws.
 */
export const verifySignature = (xml: string, options: VerifySignatureOptions = {}): SignatureReport => {
  const parsed = parseXml(xml)
  if (Either.isLeft(parsed)) return { present: false, valid: false, reason: parsed.left.message, whitespaceNormalised: false }
  const inspected = inspect(parsed.right)
  if (Either.isLeft(inspected)) return inspected.left
  const { algorithms, certBase64 } = inspected.right
  const pem = pemOfBase64(certBase64)
  const read = readCertificate(pem, options.now ?? new Date())
  if (!read) return failure("the embedded X509Certificate cannot be read", { algorithms })
  const keyType = publicKeyType(read.cert)
  if (keyType === undefined) return failure("the certificate's public key cannot be decoded", { algorithms, certificate: read.info })
  if (keyType !== "rsa") return failure("the certificate key is not RSA", { algorithms, certificate: read.info })
  const signer = { algorithms, certificate: read.info, ...(read.info.subjectCn === undefined ? {} : { signerCn: read.info.subjectCn }) }
  const asIs = cryptoCheck(xml, pem)
  if (asIs === undefined) return { present: true, valid: true, whitespaceNormalised: false, ...signer }
  const normalised = withoutInsignificantWhitespace(parsed.right)
  if (normalised !== xml && cryptoCheck(normalised, pem) === undefined) return { present: true, valid: true, whitespaceNormalised: true, ...signer }
  return failure(asIs, signer)
}

/** Whether the signer's CN is the device matricola (case-insensitive, surrounding blanks ignored). */
export const signerMatchesMatricola = (report: SignatureReport, matricola: string): boolean =>
  report.signerCn !== undefined && report.signerCn.trim().toUpperCase() === matricola.trim().toUpperCase()
