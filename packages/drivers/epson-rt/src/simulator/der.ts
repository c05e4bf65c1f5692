/**
 * Just enough DER (X.690) to write a self-signed X.509 certificate: @peculiar/x509 needs a
 * reflect-metadata polyfill at import time, which a simulator shipped in a library must not impose.
 */

const length = (n: number): Buffer => {
  if (n < 0x80) return Buffer.from([n])
  const bytes: Array<number> = []
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

export const tlv = (tag: number, content: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), length(content.length), content])
export const sequence = (...items: ReadonlyArray<Buffer>) => tlv(0x30, Buffer.concat(items))
export const set = (...items: ReadonlyArray<Buffer>) => tlv(0x31, Buffer.concat(items))
/** A context-specific explicit tag, [n]. */
export const explicit = (n: number, content: Buffer) => tlv(0xa0 + n, content)
export const nullValue = () => Buffer.from([0x05, 0x00])
export const bitString = (bytes: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]))
export const octetString = (bytes: Buffer) => tlv(0x04, bytes)
export const boolean = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0]))
export const utf8String = (text: string) => tlv(0x0c, Buffer.from(text, "utf8"))
export const printableString = (text: string) => tlv(0x13, Buffer.from(text, "ascii"))

/**
 * A non-negative integer from big-endian bytes. DER wants the shortest form: redundant leading zero
 * bytes are dropped (OpenSSL refuses them as "illegal padding"), and one zero is put back when the
 * high bit is set so the value stays positive.
 */
export const unsignedInteger = (bytes: Buffer) => {
  let start = 0
  while (start < bytes.length - 1 && bytes[start] === 0) start++
  const minimal = bytes.subarray(start)
  return tlv(0x02, minimal[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal)
}
export const smallInteger = (n: number) => tlv(0x02, Buffer.from([n]))

export const oid = (dotted: string): Buffer => {
  const [first, second, ...rest] = dotted.split(".").map(Number) as [number, number, ...Array<number>]
  const body: Array<number> = [first * 40 + second]
  for (const arc of rest) {
    const chunk: Array<number> = []
    for (let v = arc; ; v = Math.floor(v / 128)) {
      chunk.unshift((v % 128) | (chunk.length > 0 ? 0x80 : 0))
      if (v < 128) break
    }
    body.push(...chunk)
  }
  return tlv(0x06, Buffer.from(body))
}

/** UTCTime up to 2049, GeneralizedTime after, as RFC 5280 requires. */
export const time = (date: Date): Buffer => {
  const iso = date.toISOString().replace(/[-:T]/g, "").slice(0, 14)
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`))
}
