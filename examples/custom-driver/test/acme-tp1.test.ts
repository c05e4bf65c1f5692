import { driverConformance, runDriverChecks } from "@fisco/testkit"
import { describe, expect, it } from "vitest"
import { acmeTp1Driver, brokenAcmeDriver, startTp1Simulator } from "../src/index.js"

const setup = async () => {
  const tp1 = await startTp1Simulator()
  return { config: { host: tp1.host, port: tp1.port, timeoutMs: 500 }, simulator: tp1.control, teardown: () => tp1.close() }
}

driverConformance({ driver: acmeTp1Driver, setup })

describe("a broken TP-1 driver", () => {
  it("fails exactly the checks for its two mistakes", async () => {
    const results = await runDriverChecks({ driver: brokenAcmeDriver, setup })
    expect(results.filter((r) => !r.ok).map((r) => r.name)).toEqual([
      "unsupported: x-report fails with Unsupported",
      "sale: a reply lost after commit prints exactly once"
    ])
  })
})
