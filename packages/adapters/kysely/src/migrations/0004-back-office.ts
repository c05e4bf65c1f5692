import type { Kysely, Migration } from "kysely"

/**
 * Back-office receipts posted through the Frontier API, and their per-VAT gross totals (one row
 * per receipt and VAT code) so quadratura sums a period in SQL instead of reading every receipt.
 */
export const backOffice: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("back_office_receipts")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("livemode", "boolean", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("device_id", "text", (c) => c.notNull())
      .addColumn("site_id", "text", (c) => c.notNull())
      .addColumn("document_id", "text", (c) => c.notNull())
      .addColumn("business_day", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("total", "bigint", (c) => c.notNull())
      /** JSON: lines, payments, reference, customer tax id, lottery code. */
      .addColumn("content", "text", (c) => c.notNull())
      .addColumn("print_state", "text", (c) => c.notNull())
      /** JSON ReceiptPrint. */
      .addColumn("print", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("back_office_receipts_pk", ["tenant_id", "livemode", "id"])
      .execute()
    // The back office's documentId is unique per tenant and mode: what makes a re-post return the stored receipt.
    await db.schema
      .createIndex("back_office_receipts_document_unique")
      .on("back_office_receipts")
      .columns(["tenant_id", "livemode", "document_id"])
      .unique()
      .execute()
    await db.schema.createIndex("back_office_receipts_device_day_idx").on("back_office_receipts").columns(["tenant_id", "livemode", "device_id", "business_day"]).execute()

    await db.schema
      .createTable("back_office_receipt_vat")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("livemode", "boolean", (c) => c.notNull())
      .addColumn("receipt_id", "text", (c) => c.notNull())
      .addColumn("device_id", "text", (c) => c.notNull())
      .addColumn("site_id", "text", (c) => c.notNull())
      .addColumn("business_day", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("vat_key", "text", (c) => c.notNull())
      .addColumn("gross", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("back_office_receipt_vat_pk", ["tenant_id", "livemode", "receipt_id", "vat_key"])
      .execute()
    await db.schema
      .createIndex("back_office_receipt_vat_day_idx")
      .on("back_office_receipt_vat")
      .columns(["tenant_id", "livemode", "business_day", "device_id"])
      .execute()
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable("back_office_receipt_vat").execute()
    await db.schema.dropTable("back_office_receipts").execute()
  }
}
