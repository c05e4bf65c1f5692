import type { DocumentNumber, PrintedDocument, SimulatorFault } from "@fisco/core"

/**
 * Faults a device simulator must be able to inject (core's `SimulatorFault`), so the suite can prove
 * how a driver behaves when the device misbehaves rather than only when it works:
 * - `drop-reply-after-commit`: the next fiscal command is executed but its reply is lost (one-shot);
 * - `timeout`: the device accepts requests and never answers (until `reset()`);
 * - `unreachable` / `down` (same fault): the device cannot be talked to (until `reset()`);
 * - `busy`: the device answers every request with its "busy" refusal (until `reset()`).
 * Simulators can keep them with core's `createFaultSwitch`.
 */
export type { SimulatorFault } from "@fisco/core"

/** A fiscal document as the simulated device registered it. */
export interface RegisteredDocument {
  readonly kind: PrintedDocument["kind"]
  readonly number: DocumentNumber
  readonly total: number
}

/** The handle the suite uses to steer a simulator; the simulator's package implements it. */
export interface SimulatorControl {
  /** Back to the simulator's initial state: faults cleared, fiscal memory as at start. */
  reset(): Promise<void>
  inject(fault: SimulatorFault): Promise<void>
  /** Every fiscal document the device has registered, oldest first (empty for non-fiscal devices). */
  documents(): Promise<ReadonlyArray<RegisteredDocument>>
}

/** What a conformance `setup()` returns: a running simulator and the driver config that reaches it. */
export interface DriverSetup<I = unknown> {
  /** The device's `driver.config` as a host would store it (the config schema's encoded form). */
  readonly config: I
  readonly simulator: SimulatorControl
  readonly teardown: () => Promise<void>
}
