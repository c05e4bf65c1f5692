import type { Agent, AgentId, AgentLogEntry, AgentRepository, DeviceId, TenantId, TenantScope } from "@fisco/core"
import type { Selectable } from "kysely"
import { fromBool, optional, orNull } from "../codec.js"
import type { AgentLogsTable, AgentsTable } from "../database.js"
import { newestFirst, toPage } from "../page.js"
import { type StoreContext, inScope } from "../store-context.js"

const decodeAgent = (row: Selectable<AgentsTable>): Agent => ({
  id: row.id as AgentId,
  tenantId: row.tenant_id as TenantId,
  livemode: fromBool(row.livemode),
  name: row.name,
  version: row.version,
  lastSeenAt: row.last_seen_at,
  queue: { items: Number(row.queue_items), bytes: Number(row.queue_bytes), full: fromBool(row.queue_full) },
  dropped: { log: Number(row.dropped_log), status: Number(row.dropped_status) },
  createdAt: row.created_at
})

const decodeLog = (row: Selectable<AgentLogsTable>): AgentLogEntry => ({
  agentId: row.agent_id as AgentId,
  itemId: row.item_id,
  at: row.at,
  level: row.level as AgentLogEntry["level"],
  message: row.message,
  ...optional("deviceId", row.device_id as DeviceId | null)
})

export const agentRepository = (ctx: StoreContext): AgentRepository => {
  const { db, dialect } = ctx
  const get = async (scope: TenantScope, id: AgentId) => {
    const row = await db.selectFrom("agents").selectAll().where(inScope(ctx, scope)).where("id", "=", id).executeTakeFirst()
    return row && decodeAgent(row)
  }
  return {
    upsert: async (agent) => {
      const reported = {
        name: agent.name,
        version: agent.version,
        last_seen_at: agent.lastSeenAt,
        queue_items: agent.queue.items,
        queue_bytes: agent.queue.bytes,
        queue_full: dialect.bool(agent.queue.full),
        dropped_log: agent.dropped.log,
        dropped_status: agent.dropped.status
      }
      const scope = { tenantId: agent.tenantId, livemode: agent.livemode }
      await db
        .insertInto("agents")
        .values({ tenant_id: agent.tenantId, livemode: dialect.bool(agent.livemode), id: agent.id, created_at: agent.createdAt, ...reported })
        .onConflict((oc) => oc.columns(["tenant_id", "livemode", "id"]).doUpdateSet(reported))
        .execute()
      return (await get(scope, agent.id))!
    },
    get,
    list: async (scope, page) => toPage(await newestFirst(db.selectFrom("agents").selectAll().where(inScope(ctx, scope)), page).execute(), page, decodeAgent),
    silentSince: async (before, limit) => {
      const rows = await db.selectFrom("agents").selectAll().where("last_seen_at", "<", before).orderBy("last_seen_at").limit(limit).execute()
      return rows.map((row) => ({ scope: { tenantId: row.tenant_id as TenantId, livemode: fromBool(row.livemode) }, agent: decodeAgent(row) }))
    },
    markDelivered: async (scope, agentId, itemId, kind, at) => {
      const inserted = await db
        .insertInto("agent_deliveries")
        .values({ tenant_id: scope.tenantId, livemode: dialect.bool(scope.livemode), agent_id: agentId, item_id: itemId, kind, delivered_at: at })
        .onConflict((oc) => oc.columns(["tenant_id", "livemode", "agent_id", "item_id"]).doNothing())
        .returning("item_id")
        .executeTakeFirst()
      return inserted !== undefined
    },
    appendLog: async (scope, entry, keep) => {
      await db
        .insertInto("agent_logs")
        .values({
          tenant_id: scope.tenantId,
          livemode: dialect.bool(scope.livemode),
          agent_id: entry.agentId,
          item_id: entry.itemId,
          at: entry.at,
          level: entry.level,
          message: entry.message,
          device_id: orNull(entry.deviceId)
        })
        .onConflict((oc) => oc.columns(["tenant_id", "livemode", "agent_id", "item_id"]).doNothing())
        .execute()
      // Item ids are ULIDs minted in queue order, so the oldest lines sort first.
      const cutoff = await db
        .selectFrom("agent_logs")
        .select("item_id")
        .where(inScope(ctx, scope))
        .where("agent_id", "=", entry.agentId)
        .orderBy("item_id", "desc")
        .offset(keep)
        .limit(1)
        .executeTakeFirst()
      if (cutoff) {
        await db.deleteFrom("agent_logs").where(inScope(ctx, scope)).where("agent_id", "=", entry.agentId).where("item_id", "<=", cutoff.item_id).execute()
      }
    },
    logs: async (scope, agentId, page) =>
      toPage(
        await newestFirst(db.selectFrom("agent_logs").selectAll().where(inScope(ctx, scope)).where("agent_id", "=", agentId), page, "item_id").execute(),
        page,
        decodeLog
      )
  }
}
