import type { Clock, Fisco } from "@fisco/core"
import { AGENT_SILENT, raiseAgentAlarm } from "./alarms.js"

/** Recurring job that raises `agent.silent` for every agent not heard from for too long. */
export const AGENT_WATCH_JOB = "agent.watch"

/** Default for how long an agent may stay silent before an alarm: a few missed polls, not a blip. */
export const DEFAULT_AGENT_SILENCE_MINUTES = 15

/** Raises (or bumps) `agent.silent` for agents last heard before `silenceMinutes` ago; a delivery clears it. */
export const watchAgents = async (fisco: Fisco, clock: Clock, silenceMinutes = DEFAULT_AGENT_SILENCE_MINUTES): Promise<number> => {
  const cutoff = new Date(clock().getTime() - silenceMinutes * 60_000).toISOString()
  const silent = await fisco.store.agents.silentSince(cutoff, 1000)
  for (const { scope, agent } of silent) {
    await raiseAgentAlarm(fisco, scope, agent.id, AGENT_SILENT, `agent ${agent.name} silent since ${agent.lastSeenAt}`, { lastSeenAt: agent.lastSeenAt, silenceMinutes })
  }
  return silent.length
}
