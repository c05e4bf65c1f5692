import { type AgentCommand, AgentCommandInput, AgentCommandResult } from "../domain/agent-command.js"
import type { Device } from "../domain/device.js"
import { type AgentCommandId, type AgentId, type DeviceId, IdPrefix, type SiteId, newId } from "../domain/ids.js"
import type { TenantScope } from "../domain/tenant.js"
import { Conflict, InvalidInput, NotFound } from "../errors.js"
import type { DriverRegistry } from "../drivers/registry.js"
import { MAX_PAGE_LIMIT } from "../ports/page.js"
import type { Store } from "../ports/store.js"
import { decodeInput } from "../validation.js"

/**
 * Commands for agents: work the server cannot do itself because the device sits on a shop LAN
 * (today: print a sale). The back office enqueues; the agent claims, runs it through the driver and
 * reports the result.
 */
export interface AgentCommands {
  /** Queues a command for the agent of `deviceId`, which must be an agent-connected fiscal printer. */
  enqueue(scope: TenantScope, input: unknown): Promise<AgentCommand>
  get(scope: TenantScope, id: AgentCommandId): Promise<AgentCommand>
  /**
   * Hands the agent its unfinished and pending commands (see `AgentCommandRepository.claim`), for
   * the devices of `siteIds` when the agent serves only some sites (one agent per shop).
   */
  claim(scope: TenantScope, agentId: AgentId, limit: number, siteIds?: ReadonlyArray<SiteId>): Promise<ReadonlyArray<AgentCommand>>
  /**
   * Records how a claimed command ended. Idempotent: reporting the same result again answers the
   * stored command; a different result for a finished command, or one claimed by another agent, is a `Conflict`.
   */
  complete(scope: TenantScope, agentId: AgentId, id: AgentCommandId, result: unknown): Promise<AgentCommand>
}

/**
 * Every device of the scope that an agent polls (`connectivity: "agent"`), oldest first; only those
 * of `siteIds` when given, so the agent of one shop never polls (or prints on) another shop's devices.
 */
export const agentDevices = async (store: Pick<Store, "devices">, scope: TenantScope, siteIds: ReadonlyArray<SiteId> = []): Promise<ReadonlyArray<Device>> => {
  const devices: Device[] = []
  let startingAfter: string | undefined
  for (;;) {
    const page = await store.devices.list(scope, {}, { limit: MAX_PAGE_LIMIT, ...(startingAfter ? { startingAfter } : {}) })
    devices.push(...page.data.filter((d) => d.connectivity === "agent" && (siteIds.length === 0 || siteIds.includes(d.siteId))))
    if (!page.hasMore || page.data.length === 0) return devices.reverse()
    startingAfter = page.data[page.data.length - 1]!.id
  }
}

const sameResult = (a: AgentCommandResult, b: AgentCommandResult) => JSON.stringify(a) === JSON.stringify(b)

export const createAgentCommands = (store: Store, drivers: DriverRegistry, now: () => string): AgentCommands => {
  const found = async (scope: TenantScope, id: AgentCommandId) => {
    const command = await store.agentCommands.get(scope, id)
    if (!command) throw new NotFound({ entity: "agent command", id })
    return command
  }
  return {
    enqueue: async (scope, input) => {
      const data = decodeInput(AgentCommandInput, input)
      const device = await store.devices.get(scope, data.deviceId)
      const refuse = (message: string) => new InvalidInput({ issues: [{ path: "deviceId", message }] })
      if (!device) throw refuse(`no device ${data.deviceId} in this tenant`)
      if (device.connectivity !== "agent") throw refuse(`device ${device.id} is reached directly, not through an agent`)
      const capabilities: ReadonlyArray<string> = drivers.get(device.driver.id)?.capabilities ?? []
      // The capability each kind needs: print-sale → sale, print-refund → refund, print-void → void.
      const capability = data.kind.slice("print-".length)
      if ((device.kind !== "rt-printer" && device.kind !== "rt-server") || !capabilities.includes(capability)) {
        throw refuse(`device ${device.id} cannot print a ${capability} (kind ${device.kind}, driver ${device.driver.id})`)
      }
      if (data.kind !== "print-sale" && data.documentReference === undefined) {
        throw new InvalidInput({ issues: [{ path: "documentReference", message: `a ${capability} needs the device document it reverses` }] })
      }
      const at = now()
      return store.agentCommands.create({
        id: newId(IdPrefix.agentCommand) as AgentCommandId,
        tenantId: scope.tenantId,
        livemode: scope.livemode,
        deviceId: device.id as DeviceId,
        kind: data.kind,
        payload: data.payload,
        ...(data.documentReference === undefined ? {} : { documentReference: data.documentReference }),
        ...(data.reference === undefined ? {} : { reference: data.reference }),
        state: "pending",
        attempts: 0,
        createdAt: at,
        updatedAt: at
      })
    },
    get: found,
    claim: async (scope, agentId, limit, siteIds) => {
      const devices = await agentDevices(store, scope, siteIds)
      return store.agentCommands.claim(scope, agentId, devices.map((d) => d.id), limit, now())
    },
    complete: async (scope, agentId, id, input) => {
      const result = decodeInput(AgentCommandResult, input)
      const completed = await store.agentCommands.complete(scope, id, agentId, result, now())
      if (completed) return completed
      const current = await found(scope, id)
      if (current.claimedBy === agentId && current.result && sameResult(current.result, result)) return current
      if (current.claimedBy !== agentId) throw new Conflict({ reason: `agent command ${id} is not held by agent ${agentId}` })
      throw new Conflict({ reason: `agent command ${id} already ended as ${current.state}` })
    }
  }
}
