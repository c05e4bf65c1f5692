/**
 * The driver conformance suite: plain checks (`driverChecks`, `runDriverChecks`) and a vitest
 * wrapper (`driverConformance`), run against a device simulator steered through `SimulatorControl`.
 */
export type { SimulatorFault, SimulatorControl, RegisteredDocument, DriverSetup } from "./simulator-control.js"
export type { CheckContext, CheckResult, DriverCheck, ServiceFamily } from "./check.js"
export { type Outcome, outcomeOf, describeOutcome } from "./outcome.js"
export { CheckFailure } from "./expect.js"
export { sampleSale, sampleSaleTotal, referenceTo } from "./samples.js"
export { type PlannedCheck, type SkippedCheck, driverChecks, planDriverChecks } from "./plan.js"
export { type DriverChecksOptions, DEFAULT_CALL_TIMEOUT_MS, checkContext, runCheck, runDriverChecks } from "./run.js"
export { driverConformance } from "./vitest.js"
