import { BlockList, isIP } from "node:net"

/** An allowlist entry parsed: a single address or a CIDR block. */
interface Entry {
  readonly address: string
  readonly prefix: number
  readonly family: "ipv4" | "ipv6"
}

/** `::ffff:10.0.0.1` (IPv4 seen on a dual-stack socket) is treated as `10.0.0.1`. */
export const normalizeIp = (ip: string): string => {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  return mapped ? mapped[1]! : ip
}

const parseEntry = (entry: string): Entry | undefined => {
  const [raw, bits, ...rest] = entry.split("/")
  if (!raw || rest.length > 0) return undefined
  const address = normalizeIp(raw)
  const version = isIP(address)
  if (version === 0) return undefined
  const max = version === 4 ? 32 : 128
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN
  if (!(prefix >= 0 && prefix <= max)) return undefined
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" }
}

/** Whether a string is an IPv4/IPv6 address or CIDR block (`10.0.0.0/8`, `2001:db8::/32`). */
export const isIpOrCidr = (entry: string): boolean => parseEntry(entry) !== undefined

/** Whether `ip` is covered by the allowlist. An unknown client address never is. */
export const ipAllowed = (allowlist: ReadonlyArray<string>, ip: string | undefined): boolean => {
  if (ip === undefined) return false
  const address = normalizeIp(ip)
  const version = isIP(address)
  if (version === 0) return false
  const list = new BlockList()
  for (const e of allowlist.map(parseEntry)) if (e) list.addSubnet(e.address, e.prefix, e.family)
  return list.check(address, version === 4 ? "ipv4" : "ipv6")
}
