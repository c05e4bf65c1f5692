import { type KeyObject, randomBytes, sign } from "node:crypto"
import { bitString, boolean, explicit, nullValue, octetString, oid, printableString, sequence, set, smallInteger, time, unsignedInteger, utf8String } from "./der.js"

/** Subject attributes of a device certificate, as AdE writes them (C, O, OU, CN = matricola). */
export interface DistinguishedName {
  readonly country: string
  readonly organization: string
  readonly organizationalUnit?: string
  readonly commonName: string
}

const SHA256_WITH_RSA = sequence(oid("1.2.840.113549.1.1.11"), nullValue())

const name = (dn: DistinguishedName) =>
  sequence(
    set(sequence(oid("2.5.4.6"), printableString(dn.country))),
    set(sequence(oid("2.5.4.10"), utf8String(dn.organization))),
    ...(dn.organizationalUnit ? [set(sequence(oid("2.5.4.11"), utf8String(dn.organizationalUnit)))] : []),
    set(sequence(oid("2.5.4.3"), utf8String(dn.commonName)))
  )

/** keyUsage: digitalSignature and nonRepudiation, critical — what the AdE device certificates carry. */
const KEY_USAGE = sequence(oid("2.5.29.15"), boolean(true), octetString(Buffer.from([0x03, 0x02, 0x06, 0xc0])))

/** A self-signed X.509 v3 certificate (SHA-256 with RSA) for `publicKey`, PEM encoded. */
export const selfSignedCertificate = (subject: DistinguishedName, publicKey: KeyObject, privateKey: KeyObject, notBefore: Date, notAfter: Date): string => {
  const serial = randomBytes(8)
  serial[0] = serial[0]! & 0x7f
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    SHA256_WITH_RSA,
    name(subject),
    sequence(time(notBefore), time(notAfter)),
    name(subject),
    publicKey.export({ type: "spki", format: "der" }),
    explicit(3, sequence(KEY_USAGE))
  )
  const der = sequence(tbs, SHA256_WITH_RSA, bitString(sign("sha256", tbs, privateKey)))
  return `-----BEGIN CERTIFICATE-----\n${der.toString("base64").replace(/(.{64})/g, "$1\n").trimEnd()}\n-----END CERTIFICATE-----\n`
}
