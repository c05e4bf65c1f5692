import { X509Certificate } from "node:crypto"

/** What the monitor needs from a signing certificate. Dates are ISO 8601. */
export interface CertificateInfo {
  /** Subject CN: the device matricola for device documents, "Servizio AE Corrispettivi IVA" for AdE replies. */
  readonly subjectCn?: string
  readonly subject: string
  readonly issuer: string
  readonly serialNumber: string
  readonly notBefore: string
  readonly notAfter: string
  /** True when `now` is outside the validity window. Reported, never a reason to fail the signature. */
  readonly expired: boolean
}

/** Base64 (whitespace allowed, as in XMLDSig) → PEM. */
export const pemOfBase64 = (b64: string): string => {
  const body = b64.replace(/\s+/g, "")
  return `-----BEGIN CERTIFICATE-----\n${body.replace(/(.{64})/g, "$1\n").replace(/\n$/, "")}\n-----END CERTIFICATE-----\n`
}

const oneLine = (dn: string) => dn.split("\n").join(", ")

const cnOf = (dn: string): string | undefined =>
  dn
    .split("\n")
    .map((part) => /^CN=(.*)$/.exec(part)?.[1])
    .filter((cn): cn is string => cn !== undefined)
    .at(-1)

/** Reads a DER certificate given as PEM; undefined when it is not a certificate. */
export const readCertificate = (pem: string, now: Date): { readonly info: CertificateInfo; readonly cert: X509Certificate } | undefined => {
  let cert: X509Certificate
  try {
    cert = new X509Certificate(pem)
  } catch {
    return undefined
  }
  const notBefore = new Date(cert.validFrom)
  const notAfter = new Date(cert.validTo)
  // OpenSSL accepts some malformed validity times that no Date can hold: such a certificate is unreadable.
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) return undefined
  const subjectCn = cnOf(cert.subject)
  return {
    cert,
    info: {
      ...(subjectCn === undefined ? {} : { subjectCn }),
      subject: oneLine(cert.subject),
      issuer: oneLine(cert.issuer),
      serialNumber: cert.serialNumber,
      notBefore: notBefore.toISOString(),
      notAfter: notAfter.toISOString(),
      expired: now < notBefore || now > notAfter
    }
  }
}

/** The key type of a certificate, or undefined when its SubjectPublicKeyInfo is corrupt (OpenSSL throws then). */
export const publicKeyType = (cert: X509Certificate): string | undefined => {
  try {
    return cert.publicKey.asymmetricKeyType
  } catch {
    return undefined
  }
}
