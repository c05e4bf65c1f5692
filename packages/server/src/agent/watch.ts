import { type Clock, DEFAULT_MONITOR_THRESHOLDS, type Fisco, type TenantScope, type ThresholdsSource, resolveThresholds } from "@fisco/core"
import { AGENT_SILENT, raiseAgentAlarm } from "./alarms.js"

/** Recurring job that raises `agent.silent` for every agent not heard from for too long. */
export const AGENT_WATCH_JOB = "agent.watch"

/** Default for how long an agent may stay silent before an alarm (`agentSilentMinutes`, per tenant). */
export const DEFAULT_AGENT_SILENCE_MINUTES = DEFAULT_MONITOR_THRESHOLDS.agentSilentMinutes

/** The shortest silence any tenant may set: the query takes every agent at least this silent, then each tenant's own limit applies. */
const MIN_SILENCE_MINUTES = 1

/** How long delivered item ids are kept for dedupe: far beyond any re-send after a lost reply. */
export const DELIVERY_RETENTION_DAYS = 90

/**
 * Raises (or bumps) `agent.silent` for agents last heard before their tenant's `agentSilentMinutes`
 * ago — or `silence` minutes, when given, for every tenant — (a delivery clears it), and forgets
 * delivered item ids older than `DELIVERY_RETENTION_DAYS`.
 */
export const watchAgents = async (fisco: Fisco, clock: Clock, silence: number | ThresholdsSource = {}): Promise<number> => {
  const now = clock()
  // Once an hour is plenty for a retention counted in days.
  if (now.getUTCMinutes() === 0) await fisco.store.agents.purgeDeliveries(new Date(now.getTime() - DELIVERY_RETENTION_DAYS * 86_400_000).toISOString())
  const minutesFor = async (scope: TenantScope): Promise<number> => {
    if (typeof silence === "number") return silence
    return resolveThresholds(typeof silence === "function" ? await silence(scope) : silence).agentSilentMinutes
  }
  const floor = typeof silence === "number" ? silence : MIN_SILENCE_MINUTES
  const candidates = await fisco.store.agents.silentSince(new Date(now.getTime() - floor * 60_000).toISOString(), 1000)
  let raised = 0
  const limits = new Map<string, number>()
  for (const { scope, agent } of candidates) {
    const key = `${scope.tenantId}:${scope.livemode}`
    const silenceMinutes = limits.get(key) ?? (await minutesFor(scope))
    limits.set(key, silenceMinutes)
    if (Date.parse(agent.lastSeenAt) >= now.getTime() - silenceMinutes * 60_000) continue
    await raiseAgentAlarm(fisco, scope, agent.id, AGENT_SILENT, `agent ${agent.name} silent since ${agent.lastSeenAt}`, { lastSeenAt: agent.lastSeenAt, silenceMinutes })
    raised++
  }
  return raised
}
