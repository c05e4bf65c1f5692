import type { EsitoOutcome, Transmission } from "../domain/corrispettivi.js"
import type { CorrispettiviFileId } from "../domain/ids.js"
import type { ZTransmissionStatus } from "../drivers/fiscal-printer.js"

/** What the server learns about one Z's transmission, from each source of §3.4 of the research. */
export type TransmissionEvidence =
  /** The Z's corrispettivi file reached the archive: the Z exists, at least queued. */
  | { readonly kind: "corrispettivi"; readonly fileId: CorrispettiviFileId; readonly day?: string }
  /** directIO 9217 (or another driver's `zTransmission`). */
  | { readonly kind: "z-transmission"; readonly status: ZTransmissionStatus }
  /** AdE's signed ESITO (the authoritative verdict), or AdE's answer through an `AdeOutcomeSource` (no file). */
  | { readonly kind: "esito"; readonly fileId?: CorrispettiviFileId; readonly esito: EsitoOutcome; readonly day?: string }
  /** The device's file counters say nothing waits to be sent: a queued Z has left. */
  | { readonly kind: "nothing-pending" }

export type TransmissionKey = Pick<Transmission, "id" | "tenantId" | "livemode" | "deviceId" | "zNumber">

const withDay = (t: Transmission, day: string | undefined): Transmission => (t.day === undefined && day !== undefined ? { ...t, day } : t)

/**
 * The record after one piece of evidence, or `undefined` when it changes nothing. States only move
 * forward (queued → sent → accepted | rejected); a rejected Z may still be accepted later (the
 * device resends it), but an accepted one stays accepted whatever order the files arrive in.
 */
export const applyEvidence = (current: Transmission | undefined, key: TransmissionKey, evidence: TransmissionEvidence, at: string): Transmission | undefined => {
  const base: Transmission = current ?? { ...key, state: "queued", errors: [], createdAt: at, updatedAt: at }
  const next = ((): Transmission | undefined => {
    switch (evidence.kind) {
      case "corrispettivi":
        return withDay({ ...base, corrispettiviFileId: base.corrispettiviFileId ?? evidence.fileId }, evidence.day)
      case "z-transmission": {
        const { state, transmissionId } = evidence.status
        if (state === "unknown-z") return undefined
        if (state === "queued") return current ? undefined : base
        if (base.state === "queued") return { ...base, state: "sent", sentAt: at, ...(transmissionId ? { transmissionId } : {}) }
        return base.transmissionId === undefined && transmissionId ? { ...base, transmissionId } : current ? undefined : base
      }
      case "esito": {
        const { esito } = evidence
        if (base.state === "accepted" && esito.outcome === "rejected") return undefined
        // The same verdict again (AdE asked twice, the file re-read): only a missing file reference is news.
        if (current && current.state === esito.outcome && current.transmissionId === esito.operationId) {
          return evidence.fileId && current.esitoFileId === undefined ? { ...current, esitoFileId: evidence.fileId } : undefined
        }
        const first = esito.errors[0]
        const { adeCode: _code, adeDescription: _description, ...rest } = base
        return withDay(
          {
            ...rest,
            state: esito.outcome,
            transmissionId: esito.operationId,
            errors: esito.errors,
            ...(first ? { adeCode: first.code, adeDescription: first.description } : {}),
            ...(evidence.fileId ? { esitoFileId: evidence.fileId } : {}),
            sentAt: base.sentAt ?? at,
            outcomeAt: at
          },
          evidence.day
        )
      }
      case "nothing-pending":
        return base.state === "queued" && current ? { ...base, state: "sent", sentAt: at } : undefined
    }
  })()
  if (next === undefined) return undefined
  if (current && JSON.stringify({ ...next, updatedAt: "" }) === JSON.stringify({ ...current, updatedAt: "" })) return undefined
  return { ...next, updatedAt: at }
}
