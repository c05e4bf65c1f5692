import type { AnyDriver, DeviceKind, FiscalEmitterShape, FiscalPrinterShape, PaymentTerminalShape, RouterShape } from "@fisco/core"
import type { Effect } from "effect"
import type { Outcome } from "./outcome.js"
import type { SimulatorControl } from "./simulator-control.js"

/** The service families drivers provide; checks beyond the generic ones are written per family. */
export interface ServiceByFamily {
  "fiscal-printer": FiscalPrinterShape
  "fiscal-emitter": FiscalEmitterShape
  router: RouterShape
  "payment-terminal": PaymentTerminalShape
}
export type ServiceFamily = keyof ServiceByFamily

const FAMILY_OF_KIND: Record<DeviceKind, ServiceFamily> = {
  "rt-printer": "fiscal-printer",
  "rt-server": "fiscal-printer",
  sat: "fiscal-emitter",
  mfe: "fiscal-emitter",
  router: "router",
  cpe: "router",
  "payment-terminal": "payment-terminal"
}

/** `defineDriver` guarantees all of a driver's kinds share one service, so the first kind decides. */
export const familyOf = (driver: AnyDriver): ServiceFamily => FAMILY_OF_KIND[driver.kinds[0] as DeviceKind]

/** What a check gets to work with: the driver, a running simulator and a way to call the driver. */
export interface CheckContext {
  readonly driver: AnyDriver
  /** The setup config, in its stored (encoded) form. */
  readonly config: unknown
  readonly simulator: SimulatorControl
  /**
   * Decodes the config, builds a fresh layer with `make` and runs `use` against the service, like
   * a host does per operation. A call that has not settled after the call timeout fails the check.
   */
  readonly call: <S, A>(use: (service: S) => Effect.Effect<A, unknown>) => Promise<Outcome<A>>
}

/** One conformance check: a name stable enough to assert on, and a body that throws `CheckFailure`. */
export interface DriverCheck {
  readonly name: string
  /** Set when the check cannot apply to this driver (e.g. it does not declare the capability). */
  readonly notApplicable?: string
  readonly run: (context: CheckContext) => Promise<void>
}

export interface CheckResult {
  readonly name: string
  readonly ok: boolean
  /** Why the check failed. */
  readonly error?: string
  /** Why the check did not run (not applicable, or skipped by the caller). */
  readonly skipped?: string
}

/** Narrows `call` to one family's service, so checks read as plain service calls. */
export const callService =
  <F extends ServiceFamily>(_family: F) =>
  <A>(context: CheckContext, use: (service: ServiceByFamily[F]) => Effect.Effect<A, unknown>): Promise<Outcome<A>> =>
    context.call(use)
