import { BackOfficeReceipt, BackOfficeReceiptInput, CalendarDate, DeviceId, PrintState, type ReceiptId, SiteId } from "@fisco/core"
import { Schema } from "effect"
import { Hono } from "hono"
import { scopeOf } from "../auth/principal.js"
import type { AppEnv } from "../context.js"
import { ListOf, PageQuery, listOf, pageOf } from "../http/list.js"
import { operation } from "../http/operation.js"
import { idParam } from "../http/params.js"
import { jsonBody, queryOf } from "../http/validate.js"
import { principalOf, requireScope } from "../middleware/require-scope.js"
import type { RouteDeps } from "./deps.js"

const TAG = "Receipts (Frontier)"

const ReceiptListQuery = Schema.Struct({
  ...PageQuery.fields,
  device_id: Schema.optional(DeviceId),
  site_id: Schema.optional(SiteId),
  from: Schema.optional(CalendarDate),
  to: Schema.optional(CalendarDate),
  print_state: Schema.optional(PrintState)
})

const PRINT_ERRORS = [404, 501, 502, 504] as const

/**
 * The Frontier API: the back office posts its receipts here, reads them back and has them printed
 * on their RT. Idempotent twice over: by `Idempotency-Key` (middleware) and by `documentId`.
 */
export const receiptRoutes = ({ backOffice }: RouteDeps) => {
  const app = new Hono<AppEnv>()
  app.post(
    "/",
    operation({
      tag: TAG,
      summary: "Post a back-office receipt",
      description:
        "Checked as the device would check it (lines sum to the total, payments cover it, valid VAT codes, integer minor units). " +
        "Posting the same `documentId` again with the same content answers 200 with the stored receipt; with different content, 409. " +
        "With `print: { deviceId }` it is also printed on its RT: `print.state` says how that went (an unknown outcome is never printed again).",
      scope: "receipts:write",
      status: 201,
      response: BackOfficeReceipt,
      responseDescription: "Receipt stored",
      alternative: { status: 200, response: BackOfficeReceipt, description: "The same documentId was already posted with the same content" },
      idempotent: true,
      errors: [501, 502, 504]
    }),
    requireScope("receipts:write"),
    jsonBody(BackOfficeReceiptInput),
    async (c) => {
      const { receipt, created } = await backOffice.receipts.post(scopeOf(principalOf(c)), c.req.valid("json"))
      return c.json(receipt, created ? 201 : 200)
    }
  )
  app.get(
    "/",
    operation({ tag: TAG, summary: "List back-office receipts, newest first", scope: "receipts:read", response: ListOf(BackOfficeReceipt, "BackOfficeReceipt") }),
    requireScope("receipts:read"),
    queryOf(ReceiptListQuery),
    async (c) => {
      const { device_id, site_id, from, to, print_state, ...page } = c.req.valid("query")
      const filter = {
        ...(device_id && { deviceId: device_id }),
        ...(site_id && { siteId: site_id }),
        ...(from && { from }),
        ...(to && { to }),
        ...(print_state && { printState: print_state })
      }
      return c.json(listOf(await backOffice.receipts.list(scopeOf(principalOf(c)), filter, pageOf(page))))
    }
  )
  app.get(
    "/:id",
    operation({ tag: TAG, summary: "Get a back-office receipt", scope: "receipts:read", response: BackOfficeReceipt, errors: [404] }),
    requireScope("receipts:read"),
    async (c) => c.json(await backOffice.receipts.get(scopeOf(principalOf(c)), idParam(c) as ReceiptId))
  )
  app.post(
    "/:id/print",
    operation({
      tag: TAG,
      summary: "Print a back-office receipt on its RT",
      description:
        "Prints once. An already printed receipt is answered with its device document; one being printed, or whose outcome " +
        "is unknown after a lost reply, answers 409 and is never printed twice. A device that certainly printed nothing leaves it `failed`, and it may be printed again.",
      scope: "receipts:write",
      response: BackOfficeReceipt,
      idempotent: true,
      errors: [...PRINT_ERRORS]
    }),
    requireScope("receipts:write"),
    async (c) => c.json(await backOffice.receipts.print(scopeOf(principalOf(c)), idParam(c) as ReceiptId))
  )
  return app
}
