import { X509Certificate, generateKeyPair } from "node:crypto"
import { promisify } from "node:util"
import { SignedXml } from "xml-crypto"
import { type DistinguishedName, selfSignedCertificate } from "./certificate.js"

/** A key and its certificate, PEM encoded, that sign the XML files a device writes. */
export interface SigningCredentials {
  readonly privateKeyPem: string
  readonly certificatePem: string
}

export interface XmlSigner {
  readonly certificatePem: string
  /** Certificate expiry, which the device reports as `rtExpiryCD`. */
  readonly notAfter: Date
  /** Signs `xml` with an enveloped XMLDSig appended to its root, as the RT devices do. */
  readonly sign: (xml: string) => string
}

const RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
const C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
const ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
const SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"

/**
 * A fresh RSA-2048 key and a self-signed certificate for `subject`: the simulator's stand-in for
 * the certificate AdE issues to each device (CN = matricola).
 */
export const generateCredentials = async (subject: DistinguishedName, notBefore: Date, notAfter: Date): Promise<SigningCredentials> => {
  const { publicKey, privateKey } = await promisify(generateKeyPair)("rsa", { modulusLength: 2048 })
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
    certificatePem: selfSignedCertificate(subject, publicKey, privateKey, notBefore, notAfter)
  }
}

/**
 * Signs like the devices whose signed files AdE's test lab published: enveloped signature over
 * the whole document (Reference URI=""), RSA-SHA256, inclusive C14N, SHA-256 digest, `ds:` prefix,
 * the device certificate in KeyInfo/X509Data.
 */
export const createSigner = (credentials: SigningCredentials): XmlSigner => ({
  certificatePem: credentials.certificatePem,
  notAfter: new Date(new X509Certificate(credentials.certificatePem).validTo),
  sign: (xml) => {
    const signature = new SignedXml({
      privateKey: credentials.privateKeyPem,
      publicCert: credentials.certificatePem,
      signatureAlgorithm: RSA_SHA256,
      canonicalizationAlgorithm: C14N
    })
    signature.addReference({ xpath: "/*", transforms: [ENVELOPED], digestAlgorithm: SHA256, uri: "", isEmptyUri: true })
    signature.computeSignature(xml, { prefix: "ds", location: { reference: "/*", action: "append" } })
    return signature.getSignedXml()
  }
})
