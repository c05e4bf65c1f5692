import type { Archive } from "./archive.js"
import { corrispettiviXml, esitoXml, summariseByVat } from "./corrispettivi.js"
import { compactDate, fromIsoDate, hhmmss, localTime } from "./device-time.js"
import type { Closure, FiscalMemory } from "./fiscal-memory.js"
import type { XmlSigner } from "./signing.js"
import type { Conditions } from "./state.js"
import { zReportText } from "./z-report-text.js"

/** Where the transmission of one Z's corrispettivi stands, as directIO 9217 reports it. */
export interface Transmission {
  readonly z: number
  readonly state: "queued" | "accepted" | "rejected"
  /** AdE's IdOperazione, once AdE answered. */
  readonly id?: string
  readonly folder: string
  /** File name stem: MATRICOLA-YYYYMMDDTHHMMSS-ZZZZ */
  readonly stem: string
}

const REJECTION = { code: "00200", description: 'Dispositivo non "ATTIVATO"' }

/**
 * What a Z closure leaves behind: the signed COR10 (`…-CORRISP.xml`) and the text Z report
 * (`…-ZREPORT.txt`) in `/www/dati-rt/YYYYMMDD/`, and, once AdE answers, its signed
 * `…-ESITO-<id>.xml`. The AdE side is simulated by `transmission` in the conditions.
 */
export const createTransmissions = (matricola: string, memory: FiscalMemory, archive: Archive, device: XmlSigner, ade: XmlSigner, timeZone: string) => {
  let transmissions = new Map<number, Transmission>()

  const answer = (t: Transmission, outcome: "accepted" | "rejected", writtenAt: string): Transmission => {
    const id = String(1_845_900_000 + t.z)
    const esito = ade.sign(esitoXml(id, outcome === "rejected" ? REJECTION : undefined))
    archive.write(t.folder, { name: `${t.stem}-ESITO-${id}.xml`, contentType: "text/xml", body: esito, writtenAt })
    const answered = { ...t, state: outcome, id }
    transmissions.set(t.z, answered)
    return answered
  }

  return {
    /** Files the closure's documents and starts its transmission. */
    file: (closure: Closure, conditions: Conditions): Transmission => {
      const local = localTime(new Date(closure.issuedAt), timeZone)
      const folder = compactDate(fromIsoDate(closure.date))
      const stem = `${matricola}-${folder}T${hhmmss(local)}-${String(closure.z).padStart(4, "0")}`
      const summaries = summariseByVat(closure.totals, memory.vatOf)
      const corrisp = device.sign(corrispettiviXml(closure, summaries, conditions.trainingMode))
      archive.write(folder, { name: `${stem}-CORRISP.xml`, contentType: "text/xml", body: corrisp, writtenAt: closure.localDateTime })
      archive.write(folder, { name: `${stem}-ZREPORT.txt`, contentType: "text/plain", body: zReportText(matricola, closure, summaries), writtenAt: closure.localDateTime })
      const queued: Transmission = { z: closure.z, state: "queued", folder, stem }
      transmissions.set(closure.z, queued)
      return conditions.transmission === "queued" ? queued : answer(queued, conditions.transmission, closure.localDateTime)
    },
    /** AdE answers every queued transmission with `outcome`. */
    deliverQueued: (outcome: "accepted" | "rejected", writtenAt: string) =>
      [...transmissions.values()].filter((t) => t.state === "queued").map((t) => answer(t, outcome, writtenAt)),
    of: (z: number) => transmissions.get(z),
    count: (state: Transmission["state"]) => [...transmissions.values()].filter((t) => t.state === state).length,
    all: (): ReadonlyArray<Transmission> => [...transmissions.values()],
    clear: () => {
      transmissions = new Map()
    }
  }
}
export type Transmissions = ReturnType<typeof createTransmissions>
