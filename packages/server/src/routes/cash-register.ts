import { CashRegisterReading, type DeviceId } from "@fisco/core"
import { Hono } from "hono"
import { scopeOf } from "../auth/principal.js"
import type { AppEnv } from "../context.js"
import { operation } from "../http/operation.js"
import { idParam } from "../http/params.js"
import { principalOf, requireScope } from "../middleware/require-scope.js"
import type { RouteDeps } from "./deps.js"

/** `GET /v1/devices/{id}/cash-register`, mounted beside the device routes. */
export const cashRegisterRoutes = ({ backOffice }: RouteDeps) => {
  const app = new Hono<AppEnv>()
  app.get(
    "/:id/cash-register",
    operation({
      tag: "Devices",
      summary: "Read a device's cash register now",
      description:
        "Day state (open or closed, since when if known), the Z number that will close the day, the day's counters per VAT code and payment method, " +
        "and the last document, read from the device. A device or driver without the `cash-register` capability answers 501 `unsupported`, never an empty register.",
      scope: "devices:read",
      response: CashRegisterReading,
      errors: [404, 501, 502, 504]
    }),
    requireScope("devices:read"),
    async (c) => c.json(await backOffice.cashRegister(scopeOf(principalOf(c)), idParam(c) as DeviceId))
  )
  return app
}
