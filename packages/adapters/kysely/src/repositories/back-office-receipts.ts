import { type BackOfficeReceipt, type BackOfficeReceiptRepository, type DeviceId, type ReceiptId, type SiteId, type TenantId, vatKey } from "@fisco/core"
import { type Kysely, type Selectable, sql } from "kysely"
import { fromBool, fromJson, optional, toJson } from "../codec.js"
import type { BackOfficeReceiptsTable, Database } from "../database.js"
import { newestFirst, toPage } from "../page.js"
import { type StoreContext, inScope } from "../store-context.js"

/** What the `content` JSON column holds: the receipt's body, which no query filters on. */
type Content = Pick<BackOfficeReceipt, "lines" | "payments" | "reference" | "customerTaxId" | "lotteryCode">

const decodeReceipt = (row: Selectable<BackOfficeReceiptsTable>): BackOfficeReceipt => {
  const content = fromJson<Content>(row.content)
  return {
    id: row.id as ReceiptId,
    tenantId: row.tenant_id as TenantId,
    livemode: fromBool(row.livemode),
    deviceId: row.device_id as DeviceId,
    siteId: row.site_id as SiteId,
    documentId: row.document_id,
    businessDay: row.business_day,
    kind: row.kind as BackOfficeReceipt["kind"],
    currency: row.currency,
    lines: content.lines,
    payments: content.payments,
    total: Number(row.total),
    ...optional("reference", content.reference),
    ...optional("customerTaxId", content.customerTaxId),
    ...optional("lotteryCode", content.lotteryCode),
    print: fromJson<BackOfficeReceipt["print"]>(row.print),
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
}

/** Gross amount per VAT code of a receipt's lines. */
const grossPerVat = (receipt: BackOfficeReceipt): Map<string, number> => {
  const sums = new Map<string, number>()
  for (const line of receipt.lines) sums.set(vatKey(line.vat), (sums.get(vatKey(line.vat)) ?? 0) + line.amount)
  return sums
}

export const backOfficeReceiptRepository = (ctx: StoreContext): BackOfficeReceiptRepository => {
  const { db, dialect } = ctx
  const byDocumentId = async (db: Kysely<Database>, scope: { tenantId: string; livemode: boolean }, documentId: string) => {
    const row = await db
      .selectFrom("back_office_receipts")
      .selectAll()
      .where((eb) => eb.and([eb("tenant_id", "=", scope.tenantId), eb("livemode", "=", dialect.bool(scope.livemode))]))
      .where("document_id", "=", documentId)
      .executeTakeFirst()
    return row && decodeReceipt(row)
  }
  /** The receipt and its VAT rows land together: in the caller's transaction, or in one of its own. */
  const atomically = <T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T> => (db.isTransaction ? fn(db) : db.transaction().execute(fn))

  return {
    create: (receipt) =>
      atomically(async (trx) => {
        const content: Content = {
          lines: receipt.lines,
          payments: receipt.payments,
          ...(receipt.reference ? { reference: receipt.reference } : {}),
          ...(receipt.customerTaxId ? { customerTaxId: receipt.customerTaxId } : {}),
          ...(receipt.lotteryCode ? { lotteryCode: receipt.lotteryCode } : {})
        }
        const inserted = await trx
          .insertInto("back_office_receipts")
          .values({
            tenant_id: receipt.tenantId,
            livemode: dialect.bool(receipt.livemode),
            id: receipt.id,
            device_id: receipt.deviceId,
            site_id: receipt.siteId,
            document_id: receipt.documentId,
            business_day: receipt.businessDay,
            kind: receipt.kind,
            currency: receipt.currency,
            total: receipt.total,
            content: toJson(content),
            print_state: receipt.print.state,
            print: toJson(receipt.print),
            created_at: receipt.createdAt,
            updated_at: receipt.updatedAt
          })
          .onConflict((oc) => oc.columns(["tenant_id", "livemode", "document_id"]).doNothing())
          .returningAll()
          .executeTakeFirst()
        if (!inserted) {
          const existing = await byDocumentId(trx, receipt, receipt.documentId)
          if (!existing) throw new Error(`receipt ${receipt.documentId} was neither inserted nor found`)
          return { receipt: existing, created: false }
        }
        const vatRows = [...grossPerVat(receipt)].map(([key, gross]) => ({
          tenant_id: receipt.tenantId,
          livemode: dialect.bool(receipt.livemode),
          receipt_id: receipt.id,
          device_id: receipt.deviceId,
          site_id: receipt.siteId,
          business_day: receipt.businessDay,
          kind: receipt.kind,
          vat_key: key,
          gross
        }))
        if (vatRows.length > 0) await trx.insertInto("back_office_receipt_vat").values(vatRows).execute()
        return { receipt: decodeReceipt(inserted), created: true }
      }),
    get: async (scope, id) => {
      const row = await db.selectFrom("back_office_receipts").selectAll().where(inScope(ctx, scope)).where("id", "=", id).executeTakeFirst()
      return row && decodeReceipt(row)
    },
    getByDocumentId: (scope, documentId) => byDocumentId(db, scope, documentId),
    list: async (scope, filter, page) => {
      const rows = await newestFirst(
        db
          .selectFrom("back_office_receipts")
          .selectAll()
          .where(inScope(ctx, scope))
          .$if(filter.deviceId !== undefined, (q) => q.where("device_id", "=", filter.deviceId as string))
          .$if(filter.siteId !== undefined, (q) => q.where("site_id", "=", filter.siteId as string))
          .$if(filter.from !== undefined, (q) => q.where("business_day", ">=", filter.from as string))
          .$if(filter.to !== undefined, (q) => q.where("business_day", "<=", filter.to as string))
          .$if(filter.printState !== undefined, (q) => q.where("print_state", "=", filter.printState as string)),
        page
      ).execute()
      return toPage(rows, page, decodeReceipt)
    },
    updatePrint: async (scope, id, expected, print, at) => {
      if (expected.length === 0) return undefined
      const row = await db
        .updateTable("back_office_receipts")
        .set({ print_state: print.state, print: toJson(print), updated_at: at })
        .where(inScope(ctx, scope))
        .where("id", "=", id)
        .where("print_state", "in", [...expected])
        .returningAll()
        .executeTakeFirst()
      return row && decodeReceipt(row)
    },
    dailyTotals: async (scope, query) => {
      const amountOf = (kind: string) => sql<string | number>`sum(case when ${sql.ref("kind")} = ${kind} then ${sql.ref("gross")} else 0 end)`
      const rows = await db
        .selectFrom("back_office_receipt_vat")
        .select(["device_id", "business_day", "vat_key"])
        .select([amountOf("sale").as("sales"), amountOf("refund").as("returns"), amountOf("void").as("voids")])
        .where(inScope(ctx, scope))
        .where("business_day", ">=", query.from)
        .where("business_day", "<=", query.to)
        .$if(query.deviceId !== undefined, (q) => q.where("device_id", "=", query.deviceId as string))
        .$if(query.siteId !== undefined, (q) => q.where("site_id", "=", query.siteId as string))
        .groupBy(["device_id", "business_day", "vat_key"])
        .orderBy("device_id")
        .orderBy("business_day")
        .orderBy("vat_key")
        .execute()
      return rows.map((r) => ({
        deviceId: r.device_id as DeviceId,
        day: r.business_day,
        vatKey: r.vat_key,
        sales: Number(r.sales),
        returns: Number(r.returns),
        voids: Number(r.voids)
      }))
    }
  }
}
