import { afterAll, beforeAll, describe, it } from "vitest"
import type { CheckContext } from "./check.js"
import { DEFAULT_CALL_TIMEOUT_MS, type DriverChecksOptions, checkContext, runCheck } from "./run.js"
import { planDriverChecks } from "./plan.js"
import type { DriverSetup } from "./simulator-control.js"

/** Vitest's own limit per check: enough for a few hung calls plus the simulator's bookkeeping. */
const testTimeout = (callTimeoutMs: number) => callTimeoutMs * 3 + 5_000

/**
 * Registers the driver conformance suite as vitest tests, one `it` per check:
 *
 * ```ts
 * driverConformance({
 *   driver: myDriver,
 *   setup: async () => {
 *     const device = await startMySimulator()
 *     return { config: { url: device.url, timeoutMs: 300 }, simulator: device.control, teardown: device.close }
 *   },
 *   skip: [{ check: "x-report: prints without touching document numbering", reason: "firmware 1.x prints no X" }]
 * })
 * ```
 */
export const driverConformance = <I>(options: DriverChecksOptions<I>): void => {
  const checks = planDriverChecks(options.driver, options.skip)
  const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS
  describe(`driver ${options.driver.id}: conformance`, () => {
    let setup: DriverSetup<I> | undefined
    let context: CheckContext | undefined
    beforeAll(async () => {
      setup = await options.setup()
      context = checkContext(options.driver, setup, callTimeoutMs)
    })
    afterAll(async () => {
      await setup?.teardown()
    })
    for (const check of checks) {
      if (check.skipped !== undefined) {
        it.skip(`${check.name} (skipped: ${check.skipped})`, () => {})
        continue
      }
      it(
        check.name,
        async () => {
          const result = await runCheck(check, context!)
          if (!result.ok) throw new Error(result.error)
        },
        testTimeout(callTimeoutMs)
      )
    }
  })
}
