import { driverConformance } from "@fisco/testkit"
import { virtualPrinterDriver } from "../src/index.js"
import { startVirtualPrinter } from "../src/simulator/index.js"

driverConformance({
  driver: virtualPrinterDriver,
  setup: async () => {
    const printer = await startVirtualPrinter()
    return { config: { url: printer.url, timeoutMs: 500 }, simulator: printer.control, teardown: () => printer.close() }
  }
})
