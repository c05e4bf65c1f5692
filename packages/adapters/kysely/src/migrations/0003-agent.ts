import { type Kysely, type Migration, sql } from "kysely"

/**
 * Fisco agents (store-and-forward pollers on shop LANs): the agents themselves, the ids of the items
 * they delivered (what makes each item take effect once), their log tail and the command queue
 * they print from.
 */
export const agent: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("agents")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("livemode", "boolean", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("version", "text", (c) => c.notNull())
      .addColumn("last_seen_at", "text", (c) => c.notNull())
      .addColumn("queue_items", "integer", (c) => c.notNull())
      .addColumn("queue_bytes", "integer", (c) => c.notNull())
      .addColumn("queue_full", "boolean", (c) => c.notNull())
      .addColumn("dropped_log", "integer", (c) => c.notNull())
      .addColumn("dropped_status", "integer", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("agents_pk", ["tenant_id", "livemode", "id"])
      .execute()
    // The silence watch scans by last contact across tenants.
    await db.schema.createIndex("agents_last_seen_idx").on("agents").column("last_seen_at").execute()

    // One row per item that took effect; the primary key is the dedupe.
    await db.schema
      .createTable("agent_deliveries")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("livemode", "boolean", (c) => c.notNull())
      .addColumn("agent_id", "text", (c) => c.notNull())
      .addColumn("item_id", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("delivered_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("agent_deliveries_pk", ["tenant_id", "livemode", "agent_id", "item_id"])
      .execute()

    await db.schema
      .createTable("agent_logs")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("livemode", "boolean", (c) => c.notNull())
      .addColumn("agent_id", "text", (c) => c.notNull())
      .addColumn("item_id", "text", (c) => c.notNull())
      .addColumn("at", "text", (c) => c.notNull())
      .addColumn("level", "text", (c) => c.notNull())
      .addColumn("message", "text", (c) => c.notNull())
      .addColumn("device_id", "text")
      .addPrimaryKeyConstraint("agent_logs_pk", ["tenant_id", "livemode", "agent_id", "item_id"])
      .execute()

    // No foreign key to devices: a command's record outlives the device, like an alarm.
    await db.schema
      .createTable("agent_commands")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("livemode", "boolean", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("device_id", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("payload", "text", (c) => c.notNull())
      .addColumn("document_reference", "text")
      .addColumn("reference", "text")
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("claimed_by", "text")
      .addColumn("claimed_at", "text")
      .addColumn("attempts", "integer", (c) => c.notNull())
      .addColumn("result", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("agent_commands_pk", ["tenant_id", "livemode", "id"])
      .execute()
    await db.schema
      .createIndex("agent_commands_open_idx")
      .on("agent_commands")
      .columns(["tenant_id", "livemode", "state", "id"])
      .where(sql.ref("state"), "in", [sql.lit("pending"), sql.lit("claimed")])
      .execute()
  }
}
