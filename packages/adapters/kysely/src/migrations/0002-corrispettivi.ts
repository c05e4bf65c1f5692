import type { Kysely, Migration } from "kysely"

/**
 * The corrispettivi archive: AdE files (metadata, raw XML kept apart so lists never load it),
 * their per-VAT index rows, and one transmission record per device and Z. No foreign keys to
 * devices: archived fiscal files outlive the device record, as an auditor needs.
 */
export const corrispettivi: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("corrispettivi_files")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("livemode", "boolean", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("device_id", "text")
      .addColumn("matricola", "text")
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("day", "text")
      .addColumn("z_number", "integer")
      .addColumn("file_name", "text")
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("sha256", "text", (c) => c.notNull())
      .addColumn("size", "integer", (c) => c.notNull())
      .addColumn("simulation", "boolean")
      .addColumn("verification_state", "text", (c) => c.notNull())
      .addColumn("verification", "text", (c) => c.notNull())
      .addColumn("esito", "text")
      .addColumn("inactive_period", "text")
      .addColumn("event", "text")
      .addColumn("received_at", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("corrispettivi_files_pk", ["tenant_id", "livemode", "id"])
      // A file is stored once per tenant and mode: what makes a re-delivery a no-op.
      .addUniqueConstraint("corrispettivi_files_sha256_unique", ["tenant_id", "livemode", "sha256"])
      .execute()
    await db.schema.createIndex("corrispettivi_files_device_day_idx").on("corrispettivi_files").columns(["tenant_id", "livemode", "device_id", "kind", "day"]).execute()
    await db.schema.createIndex("corrispettivi_files_day_idx").on("corrispettivi_files").columns(["tenant_id", "livemode", "day"]).execute()

    await db.schema
      .createTable("corrispettivi_xml")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("livemode", "boolean", (c) => c.notNull())
      .addColumn("file_id", "text", (c) => c.notNull())
      .addColumn("xml", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("corrispettivi_xml_pk", ["tenant_id", "livemode", "file_id"])
      .addForeignKeyConstraint("corrispettivi_xml_file_fk", ["tenant_id", "livemode", "file_id"], "corrispettivi_files", ["tenant_id", "livemode", "id"])
      .execute()

    await db.schema
      .createTable("corrispettivi_vat_rows")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("livemode", "boolean", (c) => c.notNull())
      .addColumn("file_id", "text", (c) => c.notNull())
      .addColumn("position", "integer", (c) => c.notNull())
      .addColumn("device_id", "text")
      .addColumn("matricola", "text")
      .addColumn("day", "text", (c) => c.notNull())
      .addColumn("z_number", "integer")
      /** `rate`, `natura` or `ventilazione`. */
      .addColumn("vat_kind", "text", (c) => c.notNull())
      .addColumn("vat_rate", "integer")
      .addColumn("vat_natura", "text")
      .addColumn("amount", "bigint", (c) => c.notNull())
      .addColumn("tax", "bigint", (c) => c.notNull())
      .addColumn("returns", "bigint", (c) => c.notNull())
      .addColumn("voids", "bigint", (c) => c.notNull())
      .addColumn("verified", "boolean", (c) => c.notNull())
      .addPrimaryKeyConstraint("corrispettivi_vat_rows_pk", ["tenant_id", "livemode", "file_id", "position"])
      .addForeignKeyConstraint("corrispettivi_vat_rows_file_fk", ["tenant_id", "livemode", "file_id"], "corrispettivi_files", ["tenant_id", "livemode", "id"])
      .execute()
    await db.schema.createIndex("corrispettivi_vat_rows_day_idx").on("corrispettivi_vat_rows").columns(["tenant_id", "livemode", "day", "device_id"]).execute()

    await db.schema
      .createTable("transmissions")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("livemode", "boolean", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("device_id", "text", (c) => c.notNull())
      .addColumn("z_number", "integer", (c) => c.notNull())
      .addColumn("day", "text")
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("transmission_id", "text")
      .addColumn("ade_code", "text")
      .addColumn("ade_description", "text")
      .addColumn("errors", "text", (c) => c.notNull())
      .addColumn("corrispettivi_file_id", "text")
      .addColumn("esito_file_id", "text")
      .addColumn("sent_at", "text")
      .addColumn("outcome_at", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("transmissions_pk", ["tenant_id", "livemode", "id"])
      .addUniqueConstraint("transmissions_device_z_unique", ["tenant_id", "livemode", "device_id", "z_number"])
      .execute()
    await db.schema.createIndex("transmissions_state_idx").on("transmissions").columns(["tenant_id", "livemode", "state", "id"]).execute()
  }
}
