import { FiscalPrinter, FiscalPrinterCapabilities, defineDriver } from "@fisco/core"
import { Effect, Layer } from "effect"
import { VirtualPrinterConfig } from "./config.js"
import { httpTransport } from "./http-transport.js"
import { VIRTUAL_PRINTER, virtualPrinterService } from "./printer.js"
import { makeSession } from "./session.js"

/**
 * The virtual printer driver: an RT-style fiscal printer speaking JSON over HTTP. It backs the
 * sandbox and is the driver kit's reference driver (codec → session → transport).
 */
export const virtualPrinterDriver = defineDriver({
  id: VIRTUAL_PRINTER,
  displayName: "Fisco virtual printer",
  kinds: ["rt-printer"],
  // It keeps no fiscal archive, sends nothing to AdE and keeps no daily counters.
  capabilities: FiscalPrinterCapabilities.filter((c) => c !== "fiscal-archive" && c !== "z-transmission" && c !== "cash-register"),
  configSchema: VirtualPrinterConfig,
  make: (config) =>
    Layer.effect(
      FiscalPrinter,
      Effect.map(makeSession(httpTransport(config), config.matricola === undefined ? {} : { matricola: config.matricola }), virtualPrinterService)
    )
})
