import { FiscalPrinter, FiscalPrinterCapabilities, defineDriver } from "@fisco/core"
import { Effect, Layer } from "effect"
import { EpsonRtConfig } from "./config.js"
import { makeEpsonRtDevice } from "./device.js"
import { epsonRtPrinter } from "./printer.js"

/**
 * The Epson RT driver: RT printers (FP-81 II RT, FP-90 III RT) and the Epson RT Server, over
 * fpmate (SOAP XML on `POST /cgi-bin/fpmate.cgi`). Codec → session → transport, as the virtual
 * printer; Epson-only reads are on `EpsonRt` (`makeEpsonRtDevice`).
 */
export const epsonRtDriver = defineDriver({
  id: "epson-rt",
  displayName: "Epson RT printer / RT Server (fpmate)",
  kinds: ["rt-printer", "rt-server"],
  capabilities: FiscalPrinterCapabilities,
  configSchema: EpsonRtConfig,
  make: (config) =>
    Layer.effect(
      FiscalPrinter,
      Effect.map(makeEpsonRtDevice(config), (device) =>
        epsonRtPrinter(device, {
          ...(config.matricola === undefined ? {} : { matricola: config.matricola }),
          ...(config.departments === undefined ? {} : { departments: config.departments })
        })
      )
    )
})
