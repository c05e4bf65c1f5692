import { type AnyDriver, type DeviceKind, type DriverDefinition, serviceForKind } from "@fisco/core"
import { type Context, Effect, type Layer, Schema } from "effect"
import type { CheckContext, CheckResult } from "./check.js"
import { CheckFailure } from "./expect.js"
import { outcomeOf } from "./outcome.js"
import { type PlannedCheck, type SkippedCheck, planDriverChecks } from "./plan.js"
import type { DriverSetup } from "./simulator-control.js"

export interface DriverChecksOptions<I = unknown> {
  readonly driver: DriverDefinition<any, any, I>
  /** Starts a simulator and returns the config that reaches it; called once per run. */
  readonly setup: () => Promise<DriverSetup<I>>
  readonly skip?: ReadonlyArray<SkippedCheck>
  /** How long one driver call may take before the check fails as hung; 30 s by default. */
  readonly callTimeoutMs?: number
}

/** A driver call that never settled: not a device error, a driver without timeouts. */
class CallNeverSettled extends Error {
  readonly _tag = "CallNeverSettled"
}

/**
 * How long a driver call may take before it counts as never settling. Generous on purpose: a
 * hanging-device check legitimately waits out several device timeouts, and a loaded CI machine
 * stretches them; a driver without any timeout still fails, just later.
 */
export const DEFAULT_CALL_TIMEOUT_MS = 30_000

export const checkContext = (driver: AnyDriver, setup: DriverSetup, callTimeoutMs = DEFAULT_CALL_TIMEOUT_MS): CheckContext => {
  const tag = serviceForKind[driver.kinds[0] as DeviceKind].tag as unknown as Context.Tag<unknown, unknown>
  return {
    driver,
    config: setup.config,
    simulator: setup.simulator,
    call: <S, A>(use: (service: S) => Effect.Effect<A, unknown>) =>
      outcomeOf(
        Effect.suspend(() => {
          const config = Schema.decodeUnknownSync(driver.configSchema)(setup.config)
          const layer = driver.make(config, { livemode: false }) as Layer.Layer<unknown, unknown>
          return Effect.flatMap(tag, (service) => use(service as S)).pipe(Effect.provide(layer))
        }).pipe(
          Effect.disconnect,
          Effect.timeoutFail({
            duration: callTimeoutMs,
            onTimeout: () => new CallNeverSettled(`the call did not settle within ${callTimeoutMs} ms; every device call needs a timeout`)
          })
        )
      )
  }
}

/** Runs one planned check against a fresh simulator state. */
export const runCheck = async (check: PlannedCheck, context: CheckContext): Promise<CheckResult> => {
  if (check.skipped !== undefined) return { name: check.name, ok: true, skipped: check.skipped }
  try {
    await context.simulator.reset()
    await check.run(context)
    return { name: check.name, ok: true }
  } catch (error) {
    const message = error instanceof CheckFailure ? error.message : `the check crashed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`
    return { name: check.name, ok: false, error: message }
  }
}

/**
 * Runs the whole suite programmatically (no test runner needed) and reports each check; useful to
 * gate a driver in CI or to assert that a broken driver fails exactly the checks it should.
 */
export const runDriverChecks = async <I>(options: DriverChecksOptions<I>): Promise<ReadonlyArray<CheckResult>> => {
  const checks = planDriverChecks(options.driver, options.skip)
  const setup = await options.setup()
  try {
    const context = checkContext(options.driver, setup, options.callTimeoutMs)
    const results: Array<CheckResult> = []
    for (const check of checks) results.push(await runCheck(check, context))
    return results
  } finally {
    await setup.teardown()
  }
}
