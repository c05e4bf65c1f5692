import type { AgentCommand, AgentCommandResult } from "../domain/agent-command.js"
import type { AgentCommandId, AgentId, DeviceId } from "../domain/ids.js"
import type { TenantScope } from "../domain/tenant.js"

export interface AgentCommandRepository {
  create(command: AgentCommand): Promise<AgentCommand>
  get(scope: TenantScope, id: AgentCommandId): Promise<AgentCommand | undefined>
  /**
   * Hands commands for `deviceIds` to `agentId`, oldest first: the ones it already holds and has not
   * finished (it may have crashed), then pending ones, now claimed by it. Each handed-over command's
   * `attempts` goes up by one. Atomic: two agents never claim the same command.
   */
  claim(scope: TenantScope, agentId: AgentId, deviceIds: ReadonlyArray<DeviceId>, limit: number, at: string): Promise<ReadonlyArray<AgentCommand>>
  /** Stores the result of a command claimed by `agentId` and still `claimed`; undefined otherwise. */
  complete(scope: TenantScope, id: AgentCommandId, agentId: AgentId, result: AgentCommandResult, at: string): Promise<AgentCommand | undefined>
}
