import type { Device, DeviceId, DeviceRepository, SiteId, TenantId } from "@fisco/core"
import type { Selectable } from "kysely"
import { fromBool, fromJson, optional, orNull, toJson } from "../codec.js"
import { uniquely } from "../conflict.js"
import type { DevicesTable } from "../database.js"
import { newestFirst, toPage } from "../page.js"
import { type StoreContext, inScope } from "../store-context.js"

const decodeDevice = (row: Selectable<DevicesTable>): Device => ({
  id: row.id as DeviceId,
  tenantId: row.tenant_id as TenantId,
  livemode: fromBool(row.livemode),
  siteId: row.site_id as SiteId,
  kind: row.kind as Device["kind"],
  ...optional("name", row.name),
  vendor: row.vendor,
  model: row.model,
  serial: row.serial,
  driver: { id: row.driver_id, config: fromJson<Device["driver"]["config"]>(row.driver_config) },
  connectivity: row.connectivity as Device["connectivity"],
  createdAt: row.created_at,
  updatedAt: row.updated_at
})

/** The columns a device update may change: everything but its identity and creation time. */
const mutableColumns = (device: Device) => ({
  site_id: device.siteId,
  kind: device.kind,
  name: orNull(device.name),
  vendor: device.vendor,
  model: device.model,
  serial: device.serial,
  driver_id: device.driver.id,
  driver_config: toJson(device.driver.config),
  connectivity: device.connectivity,
  updated_at: device.updatedAt
})

const serialTaken = (device: Device) => `a device ${device.vendor} with serial ${device.serial} is already registered`

export const deviceRepository = (ctx: StoreContext): DeviceRepository => {
  const { db, dialect } = ctx
  return {
    create: (device) =>
      uniquely(dialect, serialTaken(device), async () => {
        const row = await db
          .insertInto("devices")
          .values({
            tenant_id: device.tenantId,
            livemode: dialect.bool(device.livemode),
            id: device.id,
            created_at: device.createdAt,
            ...mutableColumns(device)
          })
          .returningAll()
          .executeTakeFirstOrThrow()
        return decodeDevice(row)
      }),
    get: async (scope, id) => {
      const row = await db.selectFrom("devices").selectAll().where(inScope(ctx, scope)).where("id", "=", id).executeTakeFirst()
      return row && decodeDevice(row)
    },
    list: async (scope, filter, page) => {
      const rows = await newestFirst(
        db
          .selectFrom("devices")
          .selectAll()
          .where(inScope(ctx, scope))
          .$if(filter.siteId !== undefined, (q) => q.where("site_id", "=", filter.siteId as string))
          .$if(filter.kind !== undefined, (q) => q.where("kind", "=", filter.kind as string))
          .$if(filter.serial !== undefined, (q) => q.where("serial", "=", filter.serial as string)),
        page
      ).execute()
      return toPage(rows, page, decodeDevice)
    },
    update: (scope, device) =>
      uniquely(dialect, serialTaken(device), async () => {
        const row = await db
          .updateTable("devices")
          .set(mutableColumns(device))
          .where(inScope(ctx, scope))
          .where("id", "=", device.id)
          .returningAll()
          .executeTakeFirst()
        return row && decodeDevice(row)
      }),
    delete: async (scope, id) => {
      const result = await db.deleteFrom("devices").where(inScope(ctx, scope)).where("id", "=", id).executeTakeFirst()
      return result.numDeletedRows > 0n
    }
  }
}
