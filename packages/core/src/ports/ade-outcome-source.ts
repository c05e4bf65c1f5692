import type { EsitoOutcome } from "../domain/corrispettivi.js"
import type { TenantScope } from "../domain/tenant.js"

/**
 * Asking AdE directly for the outcome of a device's transmissions, as an alternative to the ESITO
 * files the devices keep. AdE has no public API or sandbox for this: the only way is its "Fatture
 * e Corrispettivi" portal behind a taxpayer login (see docs/corrispettivi-archive.md), so Fisco
 * ships no implementation and the port is off unless a host passes one to `createFisco`.
 */
export interface AdeOutcomeSource {
  /** The outcomes AdE holds for `matricola` between two days (inclusive), keyed by transmission id. */
  outcomes(scope: TenantScope, query: { readonly matricola: string; readonly from: string; readonly to: string }): Promise<ReadonlyArray<EsitoOutcome & { readonly day?: string }>>
}
