import { X509Certificate } from "node:crypto"
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { ADE_SUBJECT, type SigningCredentials, deviceSubject, generateCredentials } from "@fisco/driver-epson-rt/simulator"

const DAY_MS = 86_400_000
const YEAR_MS = 365 * DAY_MS
/** A kept certificate this close to expiry is replaced, so the healthy printers never warn about it. */
const RENEW_BEFORE_MS = 90 * DAY_MS

const usable = (c: Partial<SigningCredentials> | undefined): c is SigningCredentials => {
  if (typeof c?.privateKeyPem !== "string" || typeof c.certificatePem !== "string") return false
  try {
    return Date.parse(new X509Certificate(c.certificatePem).validTo) > Date.now() + RENEW_BEFORE_MS
  } catch {
    return false
  }
}

/**
 * The simulated printers' signing keys, kept in `simulator-keys.json` in the data directory: an
 * RSA key takes a while to make, so a restart reuses them (and a printer keeps its certificate, as
 * a real one does). One AdE key signs the ESITO files of every simulator.
 */
export const simulatorKeys = (dataDir: string) => {
  const file = join(dataDir, "simulator-keys.json")
  let kept: Record<string, Partial<SigningCredentials>> = {}
  try {
    kept = JSON.parse(readFileSync(file, "utf8")) as Record<string, Partial<SigningCredentials>>
  } catch {
    // First run or an unreadable file: keys are made afresh.
  }
  const made = new Map<string, Promise<SigningCredentials>>()
  const get = (name: string, make: () => Promise<SigningCredentials>): Promise<SigningCredentials> => {
    const existing = kept[name]
    if (usable(existing)) return Promise.resolve(existing)
    let pending = made.get(name)
    if (!pending) made.set(name, (pending = make()))
    return pending
  }
  const validity = (years: number): [Date, Date] => [new Date(Date.now() - DAY_MS), new Date(Date.now() + years * YEAR_MS)]
  return {
    ade: () => get("ade", () => generateCredentials(ADE_SUBJECT, ...validity(5))),
    device: (matricola: string) => get(`device:${matricola}`, () => generateCredentials(deviceSubject(matricola), ...validity(3))),
    /** Writes the keys made in this run next to the kept ones (owner-only: they are private keys). */
    save: async () => {
      if (made.size === 0) return
      const entries = await Promise.all([...made].map(async ([name, pending]) => [name, await pending] as const))
      kept = { ...kept, ...Object.fromEntries(entries) }
      writeFileSync(file, `${JSON.stringify(kept, null, 2)}\n`, { mode: 0o600 })
    }
  }
}
export type SimulatorKeys = ReturnType<typeof simulatorKeys>
