import { type Kysely, type Migration, sql } from "kysely"

/**
 * The first schema. Written against `Kysely<any>`: a migration describes the database as it was
 * at that version, not as the current `Database` interface says. Tenant-owned keys and indexes
 * start with `tenant_id` (then `livemode`), so every scoped query reads one contiguous range.
 */
export const initial: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("tenants")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute()

    await db.schema
      .createTable("sites")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("livemode", "boolean", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("external_ref", "text")
      .addColumn("address", "text", (c) => c.notNull())
      .addColumn("timezone", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("sites_pk", ["tenant_id", "livemode", "id"])
      .addForeignKeyConstraint("sites_tenant_fk", ["tenant_id"], "tenants", ["id"])
      .execute()

    await db.schema
      .createTable("devices")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("livemode", "boolean", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("site_id", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("name", "text")
      .addColumn("vendor", "text", (c) => c.notNull())
      .addColumn("model", "text", (c) => c.notNull())
      .addColumn("serial", "text", (c) => c.notNull())
      .addColumn("driver_id", "text", (c) => c.notNull())
      .addColumn("driver_config", "text", (c) => c.notNull())
      .addColumn("connectivity", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("devices_pk", ["tenant_id", "livemode", "id"])
      // The site must be in the same tenant and mode as the device.
      .addForeignKeyConstraint("devices_site_fk", ["tenant_id", "livemode", "site_id"], "sites", ["tenant_id", "livemode", "id"])
      .addUniqueConstraint("devices_serial_unique", ["tenant_id", "livemode", "vendor", "serial"])
      .execute()
    await db.schema.createIndex("devices_site_idx").on("devices").columns(["tenant_id", "livemode", "site_id", "id"]).execute()

    await db.schema
      .createTable("device_statuses")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("livemode", "boolean", (c) => c.notNull())
      .addColumn("device_id", "text", (c) => c.notNull())
      .addColumn("observed_at", "text", (c) => c.notNull())
      .addColumn("health", "text", (c) => c.notNull())
      .addColumn("conditions", "text", (c) => c.notNull())
      .addColumn("day_open", "boolean")
      .addColumn("firmware", "text")
      .addColumn("device_time", "text")
      .addColumn("raw_format", "text", (c) => c.notNull())
      .addColumn("raw_body", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("device_statuses_pk", ["tenant_id", "livemode", "device_id", "observed_at"])
      // A device's history goes with it.
      .addForeignKeyConstraint(
        "device_statuses_device_fk",
        ["tenant_id", "livemode", "device_id"],
        "devices",
        ["tenant_id", "livemode", "id"],
        (fk) => fk.onDelete("cascade")
      )
      .execute()

    // No foreign keys to devices or sites: an alarm outlives the device it was about.
    await db.schema
      .createTable("alarms")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("livemode", "boolean", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("severity", "text", (c) => c.notNull())
      .addColumn("device_id", "text")
      .addColumn("site_id", "text")
      .addColumn("dedupe_key", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("message", "text", (c) => c.notNull())
      .addColumn("details", "text", (c) => c.notNull())
      .addColumn("occurrences", "integer", (c) => c.notNull())
      .addColumn("raised_at", "text", (c) => c.notNull())
      .addColumn("last_seen_at", "text", (c) => c.notNull())
      .addColumn("acknowledged_at", "text")
      .addColumn("acknowledged_by", "text")
      .addColumn("cleared_at", "text")
      .addPrimaryKeyConstraint("alarms_pk", ["tenant_id", "livemode", "id"])
      .execute()
    // At most one open alarm per dedupe key: what makes a concurrent raise bump instead of duplicate.
    await db.schema
      .createIndex("alarms_open_dedupe_unique")
      .on("alarms")
      .columns(["tenant_id", "livemode", "dedupe_key"])
      .unique()
      .where(sql.ref("state"), "<>", sql.lit("cleared"))
      .execute()
    await db.schema.createIndex("alarms_device_idx").on("alarms").columns(["tenant_id", "livemode", "device_id", "id"]).execute()

    await db.schema
      .createTable("api_keys")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("livemode", "boolean", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("prefix", "text", (c) => c.notNull())
      .addColumn("last4", "text", (c) => c.notNull())
      .addColumn("hash", "text", (c) => c.notNull())
      .addColumn("scopes", "text", (c) => c.notNull())
      .addColumn("allowed_ips", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text")
      .addColumn("last_used_at", "text")
      .addColumn("revoked_at", "text")
      .addPrimaryKeyConstraint("api_keys_pk", ["tenant_id", "id"])
      .execute()
    // Authentication finds a key by its hash; `touch` by its id alone.
    await db.schema.createIndex("api_keys_hash_unique").on("api_keys").column("hash").unique().execute()
    await db.schema.createIndex("api_keys_id_unique").on("api_keys").column("id").unique().execute()

    await db.schema
      .createTable("users")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("email", "text", (c) => c.notNull())
      .addColumn("email_key", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("password_hash", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("disabled_at", "text")
      .addPrimaryKeyConstraint("users_pk", ["tenant_id", "id"])
      // E-mails are unique across the installation: a login names one user.
      .addUniqueConstraint("users_email_unique", ["email_key"])
      .execute()

    await db.schema
      .createTable("idempotency_keys")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("fingerprint", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("response", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("idempotency_keys_pk", ["tenant_id", "key"])
      .execute()
    await db.schema.createIndex("idempotency_keys_created_idx").on("idempotency_keys").column("created_at").execute()
  }
}
