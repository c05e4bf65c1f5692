import { type DeviceError, FiscalPrinter, type FiscalPrinterShape, defineDriver } from "@fisco/core"
import { Effect, Layer } from "effect"
import { encodeLine, parseDocument, parseReply, saleArgs } from "./codec.js"
import { type AcmeTp1Config } from "./config.js"
import { acmeService, acmeTp1Driver } from "./driver.js"
import { makeAcmeSession } from "./session.js"
import { tcpTransport } from "./tcp-transport.js"

/**
 * What NOT to do, kept so the test can show the conformance suite catching it. This variant makes
 * the two classic mistakes: it answers the undeclared X report with an empty success, and when a
 * sale's reply is lost it simply sends the sale again (a second receipt, a double-counted sale).
 */
const printSaleAgainOnLoss = (config: AcmeTp1Config): FiscalPrinterShape["printSale"] => (sale) => {
  const transport = tcpTransport(config)
  const attempt = Effect.suspend(() => {
    const requestId = globalThis.crypto.randomUUID().slice(0, 8)
    return transport.exchange(encodeLine(requestId, "SALE", saleArgs(sale)), "SALE").pipe(
      Effect.mapError((e): DeviceError => (e._tag === "LostReply" ? e.error : e)),
      Effect.flatMap((line) => parseReply(line, requestId)),
      Effect.flatMap(parseDocument)
    )
  })
  return attempt.pipe(
    Effect.retry({ times: 1 }),
    Effect.flatMap((stored) => (stored ? Effect.succeed(stored.value) : Effect.die("no document")))
  )
}

export const brokenAcmeDriver = defineDriver({
  ...acmeTp1Driver,
  id: "acme-tp1-broken",
  make: (config) =>
    Layer.effect(
      FiscalPrinter,
      Effect.map(makeAcmeSession(tcpTransport(config)), (session) => ({
        ...acmeService(session),
        xReport: Effect.void,
        printSale: printSaleAgainOnLoss(config)
      }))
    )
})
