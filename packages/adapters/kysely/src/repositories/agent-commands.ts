import type { AgentCommand, AgentCommandId, AgentCommandRepository, AgentCommandResult, AgentId, DeviceId, TenantId, TenantScope } from "@fisco/core"
import type { ExpressionBuilder, Selectable } from "kysely"
import { fromBool, fromJson, optional, orNull, toJson } from "../codec.js"
import type { AgentCommandsTable, Database } from "../database.js"
import { type StoreContext, inScope } from "../store-context.js"

const decodeCommand = (row: Selectable<AgentCommandsTable>): AgentCommand => ({
  id: row.id as AgentCommandId,
  tenantId: row.tenant_id as TenantId,
  livemode: fromBool(row.livemode),
  deviceId: row.device_id as DeviceId,
  kind: row.kind as AgentCommand["kind"],
  payload: fromJson<AgentCommand["payload"]>(row.payload),
  ...optional("documentReference", row.document_reference === null ? null : fromJson<NonNullable<AgentCommand["documentReference"]>>(row.document_reference)),
  ...optional("reference", row.reference),
  state: row.state as AgentCommand["state"],
  ...optional("claimedBy", row.claimed_by as AgentId | null),
  ...optional("claimedAt", row.claimed_at),
  attempts: Number(row.attempts),
  ...optional("result", row.result === null ? null : fromJson<AgentCommandResult>(row.result)),
  createdAt: row.created_at,
  updatedAt: row.updated_at
})

/** Still pending, or already held by this agent (handed back to it after a crash). */
const claimableBy = (agentId: string) => (eb: ExpressionBuilder<Database, "agent_commands">) =>
  eb.or([eb("state", "=", "pending"), eb.and([eb("state", "=", "claimed"), eb("claimed_by", "=", agentId)])])

export const agentCommandRepository = (ctx: StoreContext): AgentCommandRepository => {
  const { db, dialect } = ctx
  const get = async (scope: TenantScope, id: AgentCommandId) => {
    const row = await db.selectFrom("agent_commands").selectAll().where(inScope(ctx, scope)).where("id", "=", id).executeTakeFirst()
    return row && decodeCommand(row)
  }
  return {
    create: async (command) => {
      await db
        .insertInto("agent_commands")
        .values({
          tenant_id: command.tenantId,
          livemode: dialect.bool(command.livemode),
          id: command.id,
          device_id: command.deviceId,
          kind: command.kind,
          payload: toJson(command.payload),
          document_reference: command.documentReference === undefined ? null : toJson(command.documentReference),
          reference: orNull(command.reference),
          state: command.state,
          claimed_by: orNull(command.claimedBy),
          claimed_at: orNull(command.claimedAt),
          attempts: command.attempts,
          result: command.result === undefined ? null : toJson(command.result),
          created_at: command.createdAt,
          updated_at: command.updatedAt
        })
        .execute()
      return (await get({ tenantId: command.tenantId, livemode: command.livemode }, command.id))!
    },
    get,
    /**
     * Candidates are read first, then each is taken with a conditional update: the update only
     * matches while the command is still pending (or already this agent's), so of two agents racing
     * for one command exactly one gets it, on both databases.
     */
    claim: async (scope, agentId, deviceIds, limit, at) => {
      if (deviceIds.length === 0) return []
      const claimable = claimableBy(agentId)
      const candidates = await db
        .selectFrom("agent_commands")
        .select("id")
        .where(inScope(ctx, scope))
        .where("device_id", "in", [...deviceIds])
        .where(claimable)
        .orderBy("id")
        .limit(limit)
        .execute()
      const claimed: AgentCommand[] = []
      for (const { id } of candidates) {
        const row = await db
          .updateTable("agent_commands")
          .set((eb) => ({ state: "claimed", claimed_by: agentId, claimed_at: at, updated_at: at, attempts: eb("attempts", "+", 1) }))
          .where(inScope(ctx, scope))
          .where("id", "=", id)
          .where(claimable)
          .returningAll()
          .executeTakeFirst()
        if (row) claimed.push(decodeCommand(row))
      }
      return claimed
    },
    complete: async (scope, id, agentId, result, at) => {
      const row = await db
        .updateTable("agent_commands")
        .set({ state: result.state, result: toJson(result), updated_at: at })
        .where(inScope(ctx, scope))
        .where("id", "=", id)
        .where("state", "=", "claimed")
        .where("claimed_by", "=", agentId)
        .returningAll()
        .executeTakeFirst()
      return row && decodeCommand(row)
    }
  }
}
