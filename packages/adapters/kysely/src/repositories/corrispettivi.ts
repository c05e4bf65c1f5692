import type {
  CorrispettiviFile,
  CorrispettiviFileId,
  CorrispettiviFilter,
  CorrispettiviRepository,
  CorrispettiviVatRow,
  DeviceDailyVatTotal,
  DeviceId,
  TenantId,
  TenantScope,
  VatCode
} from "@fisco/core"
import { type Kysely, type Selectable, type SelectQueryBuilder, sql } from "kysely"
import { fromBool, fromJson, optional, orNull, toJson } from "../codec.js"
import type { CorrispettiviFilesTable, CorrispettiviVatRowsTable, Database } from "../database.js"
import { newestFirst, toPage } from "../page.js"
import { type StoreContext, inScope } from "../store-context.js"

const decodeFile = (row: Selectable<CorrispettiviFilesTable>): CorrispettiviFile => ({
  id: row.id as CorrispettiviFileId,
  tenantId: row.tenant_id as TenantId,
  livemode: fromBool(row.livemode),
  ...optional("deviceId", row.device_id as DeviceId | null),
  ...optional("matricola", row.matricola),
  kind: row.kind as CorrispettiviFile["kind"],
  ...optional("day", row.day),
  ...optional("zNumber", row.z_number === null ? null : Number(row.z_number)),
  ...optional("fileName", row.file_name),
  source: row.source as CorrispettiviFile["source"],
  sha256: row.sha256,
  size: Number(row.size),
  ...optional("simulation", row.simulation === null ? null : fromBool(row.simulation)),
  verification: fromJson(row.verification),
  ...optional("esito", row.esito === null ? null : fromJson<NonNullable<CorrispettiviFile["esito"]>>(row.esito)),
  ...optional("inactivePeriod", row.inactive_period === null ? null : fromJson<NonNullable<CorrispettiviFile["inactivePeriod"]>>(row.inactive_period)),
  ...optional("event", row.event === null ? null : fromJson<NonNullable<CorrispettiviFile["event"]>>(row.event)),
  receivedAt: row.received_at,
  createdAt: row.created_at
})

const vatOfRow = (row: Pick<Selectable<CorrispettiviVatRowsTable>, "vat_kind" | "vat_rate" | "vat_natura">): VatCode | undefined =>
  row.vat_kind === "rate" ? { _tag: "rate", basisPoints: Number(row.vat_rate) } : row.vat_kind === "natura" ? { _tag: "natura", code: row.vat_natura ?? "" } : undefined

const decodeRow = (row: Selectable<CorrispettiviVatRowsTable>): CorrispettiviVatRow => {
  const vat = vatOfRow(row)
  return {
    fileId: row.file_id as CorrispettiviFileId,
    ...optional("deviceId", row.device_id as DeviceId | null),
    ...optional("matricola", row.matricola),
    day: row.day,
    ...optional("zNumber", row.z_number === null ? null : Number(row.z_number)),
    ...(vat ? { vat } : {}),
    amount: Number(row.amount),
    tax: Number(row.tax),
    returns: Number(row.returns),
    voids: Number(row.voids)
  }
}

type FilesQuery = SelectQueryBuilder<Database, "corrispettivi_files", any>

export const corrispettiviRepository = (ctx: StoreContext): CorrispettiviRepository => {
  const { db, dialect } = ctx
  const bool = dialect.bool

  /** The file filters; `vat` keeps files with a summary at that rate or Natura. */
  const filtered = <Q extends FilesQuery>(query: Q, scope: TenantScope, filter: CorrispettiviFilter): Q =>
    query
      .where(inScope(ctx, scope))
      .$if(filter.deviceId !== undefined, (q) => q.where("corrispettivi_files.device_id", "=", filter.deviceId as string))
      .$if(filter.deviceIds !== undefined, (q) => (filter.deviceIds!.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where("corrispettivi_files.device_id", "in", [...filter.deviceIds!] as string[])))
      .$if(filter.kind !== undefined, (q) => q.where("corrispettivi_files.kind", "=", filter.kind as string))
      .$if(filter.from !== undefined, (q) => q.where("corrispettivi_files.day", ">=", filter.from as string))
      .$if(filter.to !== undefined, (q) => q.where("corrispettivi_files.day", "<=", filter.to as string))
      .$if(filter.verification !== undefined, (q) => q.where("corrispettivi_files.verification_state", "=", filter.verification as string))
      .$if(filter.vat !== undefined, (q) =>
        q.where(({ exists, selectFrom }) =>
          exists(
            selectFrom("corrispettivi_vat_rows as r")
              .select("r.position")
              .whereRef("r.tenant_id", "=", "corrispettivi_files.tenant_id")
              .whereRef("r.livemode", "=", "corrispettivi_files.livemode")
              .whereRef("r.file_id", "=", "corrispettivi_files.id")
              .where((eb) =>
                filter.vat!._tag === "rate"
                  ? eb.and([eb("r.vat_kind", "=", "rate"), eb("r.vat_rate", "=", filter.vat!.basisPoints)])
                  : eb.and([eb("r.vat_kind", "=", "natura"), eb("r.vat_natura", "=", (filter.vat as { code: string }).code)])
              )
          )
        )
      ) as Q

  const findBySha256 = async (scope: TenantScope, sha256: string) => {
    const row = await db.selectFrom("corrispettivi_files").selectAll().where(inScope(ctx, scope)).where("sha256", "=", sha256).executeTakeFirst()
    return row && decodeFile(row)
  }

  const insert = async (tx: Kysely<Database>, scope: TenantScope, file: CorrispettiviFile, xml: string, rows: ReadonlyArray<CorrispettiviVatRow>) => {
    const scoped = { tenant_id: scope.tenantId, livemode: bool(scope.livemode) }
    const inserted = await tx
      .insertInto("corrispettivi_files")
      .values({
        ...scoped,
        id: file.id,
        device_id: orNull(file.deviceId),
        matricola: orNull(file.matricola),
        kind: file.kind,
        day: orNull(file.day),
        z_number: orNull(file.zNumber),
        file_name: orNull(file.fileName),
        source: file.source,
        sha256: file.sha256,
        size: file.size,
        simulation: file.simulation === undefined ? null : bool(file.simulation),
        verification_state: file.verification.state,
        verification: toJson(file.verification),
        esito: file.esito ? toJson(file.esito) : null,
        inactive_period: file.inactivePeriod ? toJson(file.inactivePeriod) : null,
        event: file.event ? toJson(file.event) : null,
        received_at: file.receivedAt,
        created_at: file.createdAt
      })
      .onConflict((oc) => oc.columns(["tenant_id", "livemode", "sha256"]).doNothing())
      .returningAll()
      .executeTakeFirst()
    if (!inserted) return undefined
    await tx.insertInto("corrispettivi_xml").values({ ...scoped, file_id: file.id, xml }).execute()
    if (rows.length > 0) {
      await tx
        .insertInto("corrispettivi_vat_rows")
        .values(
          rows.map((r, position) => ({
            ...scoped,
            file_id: file.id,
            position,
            device_id: orNull(r.deviceId),
            matricola: orNull(r.matricola),
            day: r.day,
            z_number: orNull(r.zNumber),
            vat_kind: r.vat?._tag ?? "ventilazione",
            vat_rate: r.vat?._tag === "rate" ? r.vat.basisPoints : null,
            vat_natura: r.vat?._tag === "natura" ? r.vat.code : null,
            amount: r.amount,
            tax: r.tax,
            returns: r.returns,
            voids: r.voids,
            verified: bool(file.verification.state === "verified")
          }))
        )
        .execute()
    }
    return decodeFile(inserted)
  }

  return {
    add: async (scope, file, xml, rows) => {
      const created = db.isTransaction ? await insert(db, scope, file, xml, rows) : await db.transaction().execute((trx) => insert(trx, scope, file, xml, rows))
      if (created) return { file: created, created: true }
      const existing = await findBySha256(scope, file.sha256)
      if (!existing) throw new Error(`corrispettivi file ${file.sha256} conflicted but cannot be read back`)
      return { file: existing, created: false }
    },
    get: async (scope, id) => {
      const row = await db.selectFrom("corrispettivi_files").selectAll().where(inScope(ctx, scope)).where("id", "=", id).executeTakeFirst()
      return row && decodeFile(row)
    },
    findBySha256,
    xml: async (scope, id) => {
      const row = await db.selectFrom("corrispettivi_xml").select("xml").where(inScope(ctx, scope)).where("file_id", "=", id).executeTakeFirst()
      return row?.xml
    },
    list: async (scope, filter, page) => {
      const rows = await newestFirst(filtered(db.selectFrom("corrispettivi_files").selectAll(), scope, filter), page).execute()
      return toPage(rows, page, decodeFile)
    },
    vatRows: async (scope, filter) => {
      const files = filtered(db.selectFrom("corrispettivi_files").select("corrispettivi_files.id"), scope, filter)
      const rows = await db
        .selectFrom("corrispettivi_vat_rows")
        .selectAll()
        .where(inScope(ctx, scope))
        .where("file_id", "in", files)
        .$if(filter.vat !== undefined, (q) =>
          filter.vat!._tag === "rate"
            ? q.where("vat_kind", "=", "rate").where("vat_rate", "=", filter.vat!.basisPoints)
            : q.where("vat_kind", "=", "natura").where("vat_natura", "=", (filter.vat as { code: string }).code)
        )
        .orderBy("day")
        .orderBy("file_id")
        .orderBy("position")
        .execute()
      return rows.map(decodeRow)
    },
    dailyTotals: async (scope, query) => {
      const rows = await db
        .selectFrom("corrispettivi_vat_rows")
        .selectAll()
        .where(inScope(ctx, scope))
        .where("verified", "=", bool(true))
        .where("device_id", "is not", null)
        .where("vat_kind", "<>", "ventilazione")
        .where("day", ">=", query.from)
        .where("day", "<=", query.to)
        .$if(query.deviceId !== undefined, (q) => q.where("device_id", "=", query.deviceId as string))
        .orderBy("day")
        .orderBy("file_id")
        .orderBy("position")
        .execute()
      // A Z delivered twice with different bytes (re-signed on resend) counts once: its newest file wins.
      const newestFile = new Map<string, string>()
      for (const r of rows) {
        const key = `${r.device_id}|${r.day}|${r.z_number ?? ""}`
        if ((newestFile.get(key) ?? "") < r.file_id) newestFile.set(key, r.file_id)
      }
      const totals = new Map<string, DeviceDailyVatTotal>()
      for (const r of rows) {
        if (newestFile.get(`${r.device_id}|${r.day}|${r.z_number ?? ""}`) !== r.file_id) continue
        const vat = vatOfRow(r)!
        const key = `${r.device_id}|${r.day}|${r.z_number ?? 0}|${r.vat_kind}:${r.vat_rate ?? r.vat_natura}`
        const previous = totals.get(key)
        totals.set(key, {
          deviceId: r.device_id as DeviceId,
          day: r.day,
          zNumber: r.z_number === null ? 0 : Number(r.z_number),
          vat,
          amount: (previous?.amount ?? 0) + Number(r.amount),
          tax: (previous?.tax ?? 0) + Number(r.tax),
          returns: (previous?.returns ?? 0) + Number(r.returns),
          voids: (previous?.voids ?? 0) + Number(r.voids)
        })
      }
      return [...totals.values()]
    },
    lastDay: async (scope, deviceId, kind) => {
      const row = await db
        .selectFrom("corrispettivi_files")
        .selectAll()
        .where(inScope(ctx, scope))
        .where("device_id", "=", deviceId)
        .where("kind", "=", kind)
        .where("day", "is not", null)
        .orderBy("day", "desc")
        .orderBy("id", "desc")
        .limit(1)
        .executeTakeFirst()
      return row && decodeFile(row)
    }
  }
}
