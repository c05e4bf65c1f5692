import type { Agent, AgentLogEntry } from "../domain/agent.js"
import type { AgentId } from "../domain/ids.js"
import type { TenantScope } from "../domain/tenant.js"
import type { Page, PageRequest } from "./page.js"

/** An agent found silent by the installation-wide watch (see `silentSince`). */
export interface SilentAgent {
  readonly scope: TenantScope
  readonly agent: Agent
}

export interface AgentRepository {
  /** Registers the agent or refreshes what it reported (name, version, queue, dropped, last seen). */
  upsert(agent: Agent): Promise<Agent>
  get(scope: TenantScope, id: AgentId): Promise<Agent | undefined>
  /** Newest first. */
  list(scope: TenantScope, page: PageRequest): Promise<Page<Agent>>
  /** Installation-wide, for the silence watch: agents last heard before `before`. */
  silentSince(before: string, limit: number): Promise<ReadonlyArray<SilentAgent>>
  /**
   * Records that the agent's item took effect. False when it already had: the caller then skips the
   * effect. Call it in the same transaction as the effect, so an item takes effect exactly once.
   */
  markDelivered(scope: TenantScope, agentId: AgentId, itemId: string, kind: string, at: string): Promise<boolean>
  /** Appends log lines and trims the agent's log to its newest `keep` lines. */
  appendLog(scope: TenantScope, entry: AgentLogEntry, keep: number): Promise<void>
  /** Newest first; the cursor is the item id. */
  logs(scope: TenantScope, agentId: AgentId, page: PageRequest): Promise<Page<AgentLogEntry>>
}
