import type { AgentId, Fisco, TenantScope } from "@fisco/core"

/** An agent the server has not heard from for longer than the tenant tolerates. */
export const AGENT_SILENT = "agent.silent"
/** An agent whose queue is full of fiscal data: it stopped polling rather than drop any. */
export const AGENT_QUEUE_FULL = "agent.queue-full"

export const agentAlarmKey = (agentId: AgentId, type: string) => `${agentId}:${type}`

export const raiseAgentAlarm = (fisco: Fisco, scope: TenantScope, agentId: AgentId, type: string, message: string, details: Record<string, unknown>) =>
  fisco.alarms.raise(scope, {
    type,
    severity: type === AGENT_QUEUE_FULL ? "critical" : "warning",
    dedupeKey: agentAlarmKey(agentId, type),
    message,
    details: { agentId, ...details }
  })

export const clearAgentAlarm = (fisco: Fisco, scope: TenantScope, agentId: AgentId, type: string) => fisco.alarms.clear(scope, agentAlarmKey(agentId, type))
