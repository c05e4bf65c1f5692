import { type Kysely, type Migration, sql } from "kysely"

/**
 * Mail alerts and per-tenant monitor settings: stored distribution lists, the history of their
 * digests, each tenant's threshold overrides, the business functions users cover, and the
 * matricola a reading answered with (for the census's serial-change notice).
 */
export const alerts: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("distribution_lists")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("livemode", "boolean", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("recipients", "text", (c) => c.notNull())
      .addColumn("roles", "text", (c) => c.notNull())
      .addColumn("functions", "text", (c) => c.notNull())
      .addColumn("cron", "text", (c) => c.notNull())
      .addColumn("timezone", "text", (c) => c.notNull())
      .addColumn("filters", "text", (c) => c.notNull())
      .addColumn("send_when_empty", "boolean", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("distribution_lists_pk", ["tenant_id", "livemode", "id"])
      .execute()

    await db.schema
      .createTable("digest_deliveries")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("livemode", "boolean", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("list_id", "text", (c) => c.notNull())
      .addColumn("run_key", "text", (c) => c.notNull())
      .addColumn("trigger", "text", (c) => c.notNull())
      .addColumn("outcome", "text", (c) => c.notNull())
      .addColumn("reason", "text")
      .addColumn("recipient_count", "integer", (c) => c.notNull())
      .addColumn("alarm_count", "integer", (c) => c.notNull())
      .addColumn("message_id", "text")
      .addColumn("started_at", "text", (c) => c.notNull())
      .addColumn("finished_at", "text")
      .addPrimaryKeyConstraint("digest_deliveries_pk", ["tenant_id", "livemode", "id"])
      // One row per run of a list: what lets a re-run after a crash find the row and not send twice.
      .addUniqueConstraint("digest_deliveries_run_unique", ["tenant_id", "livemode", "list_id", "run_key"])
      // A list's history goes with it.
      .addForeignKeyConstraint(
        "digest_deliveries_list_fk",
        ["tenant_id", "livemode", "list_id"],
        "distribution_lists",
        ["tenant_id", "livemode", "id"],
        (fk) => fk.onDelete("cascade")
      )
      .execute()
    await db.schema.createIndex("digest_deliveries_list_idx").on("digest_deliveries").columns(["tenant_id", "livemode", "list_id", "id"]).execute()

    await db.schema
      .createTable("tenant_settings")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("livemode", "boolean", (c) => c.notNull())
      .addColumn("monitor_thresholds", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("tenant_settings_pk", ["tenant_id", "livemode"])
      .execute()

    await db.schema.alterTable("users").addColumn("functions", "text", (c) => c.notNull().defaultTo(sql.lit("[]"))).execute()
    await db.schema.alterTable("device_statuses").addColumn("serial", "text").execute()
  }
}
