import {
  type AgentDelivery,
  type AgentItem,
  type AgentReport,
  type Clock,
  type AgentDeliveryReply,
  type AgentItemResult,
  type DeviceId,
  type DeviceStatus,
  type DriverRegistry,
  type Fisco,
  InvalidInput,
  type Monitor,
  NotFound,
  type Store,
  type TenantScope,
  UNREACHABLE_CODE,
  createFisco
} from "@fisco/core"
import { AGENT_QUEUE_FULL, AGENT_SILENT, clearAgentAlarm, raiseAgentAlarm } from "./alarms.js"
import { withinTransaction } from "./bound-store.js"

/** Log lines kept per agent on the server; older ones are trimmed as new ones arrive. */
export const AGENT_LOG_KEEP = 1000

export interface DeliveryDeps {
  readonly fisco: Fisco
  readonly drivers: DriverRegistry
  readonly clock: Clock
  /** Builds the monitor for a Fisco bound to one transaction (same rules and thresholds as server polls). */
  readonly monitorFor: (fisco: Fisco) => Monitor
}

/** An item that can never take effect; answered `rejected` with this reason. */
class Rejected extends Error {}

const requireAgentDevice = async (store: Store, scope: TenantScope, deviceId: DeviceId) => {
  const device = await store.devices.get(scope, deviceId)
  if (!device) throw new Rejected(`no device ${deviceId} in this tenant`)
  if (device.connectivity !== "agent") throw new Rejected(`device ${device.id} is polled directly by the server, not by an agent`)
  return device
}

/** The effect of one item, run inside the transaction that also records its id. */
const applyItem = async (deps: DeliveryDeps, store: Store, scope: TenantScope, agentId: AgentReport["id"], item: AgentItem): Promise<void> => {
  switch (item.kind) {
    case "log":
      return store.agents.appendLog(
        scope,
        { agentId, itemId: item.id, at: item.at, level: item.level, message: item.message, ...(item.deviceId ? { deviceId: item.deviceId } : {}) },
        AGENT_LOG_KEEP
      )
    case "device.status":
    case "device.no-answer": {
      const device = await requireAgentDevice(store, scope, item.deviceId)
      const status: DeviceStatus =
        item.kind === "device.status"
          ? { ...item.reading, deviceId: device.id, observedAt: item.observedAt }
          : {
              deviceId: device.id,
              observedAt: item.observedAt,
              health: "unreachable",
              conditions: [{ code: UNREACHABLE_CODE, severity: "critical", message: item.error.message, data: { error: item.error.code } }],
              raw: { format: "text", body: item.error.message }
            }
      const fisco = createFisco({ store, drivers: deps.drivers, clock: deps.clock })
      await store.deviceStatuses.record(scope, status)
      await deps.monitorFor(fisco).onReading(scope, device, status)
      return
    }
  }
}

/**
 * One item, exactly once: its id is recorded and its effect applied in one transaction, so a
 * re-send after a lost reply finds the id and is answered `duplicate` without a second effect.
 * A rejected item leaves nothing behind.
 */
const deliverItem = async (deps: DeliveryDeps, scope: TenantScope, agentId: AgentReport["id"], item: AgentItem, at: string): Promise<AgentItemResult> => {
  const { store } = deps.fisco
  try {
    return await store.transaction(async (tx) => {
      if (!(await tx.agents.markDelivered(scope, agentId, item.id, item.kind, at))) return { id: item.id, outcome: "duplicate" as const }
      await applyItem(deps, withinTransaction(store, tx), scope, agentId, item)
      return { id: item.id, outcome: "accepted" as const }
    })
  } catch (error) {
    if (error instanceof Rejected || error instanceof InvalidInput || error instanceof NotFound) {
      return { id: item.id, outcome: "rejected", reason: error.message }
    }
    throw error
  }
}

/** Registers the agent (or refreshes it), raises or clears its queue-full alarm, clears its silence alarm. */
const registerAgent = async (deps: DeliveryDeps, scope: TenantScope, report: AgentReport, at: string) => {
  const { fisco } = deps
  const existing = await fisco.store.agents.get(scope, report.id)
  await fisco.store.agents.upsert({ ...report, tenantId: scope.tenantId, livemode: scope.livemode, lastSeenAt: at, createdAt: existing?.createdAt ?? at })
  await clearAgentAlarm(fisco, scope, report.id, AGENT_SILENT)
  if (report.queue.full) {
    await raiseAgentAlarm(fisco, scope, report.id, AGENT_QUEUE_FULL, `agent ${report.name}: queue full of fiscal data, polling stopped`, { queue: report.queue })
  } else {
    await clearAgentAlarm(fisco, scope, report.id, AGENT_QUEUE_FULL)
  }
}

/** `POST /v1/agent/deliveries`: registers the agent, then applies each item in order, each in its own transaction. */
export const acceptDelivery = async (deps: DeliveryDeps, scope: TenantScope, delivery: AgentDelivery): Promise<AgentDeliveryReply> => {
  const at = deps.clock().toISOString()
  await registerAgent(deps, scope, delivery.agent, at)
  const results: AgentItemResult[] = []
  for (const item of delivery.items) results.push(await deliverItem(deps, scope, delivery.agent.id, item, at))
  return { results }
}
