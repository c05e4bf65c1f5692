import { driverConformance } from "@fisco/testkit"
import { epsonRtDriver } from "../src/index.js"
import { epsonSimulatorControl, startEpsonSimulator } from "../src/simulator/index.js"

driverConformance({
  driver: epsonRtDriver,
  setup: async () => {
    const simulator = await startEpsonSimulator()
    return { config: { url: simulator.url, timeoutMs: 500 }, simulator: epsonSimulatorControl(simulator), teardown: () => simulator.close() }
  }
})
