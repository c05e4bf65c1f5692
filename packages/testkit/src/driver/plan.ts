import type { AnyDriver } from "@fisco/core"
import { type DriverCheck, familyOf } from "./check.js"
import { capabilityChecks } from "./checks/capabilities.js"
import { definitionChecks } from "./checks/definition.js"
import { deviceChecks } from "./checks/device.js"
import { fiscalPrinterChecks } from "./checks/fiscal-printer.js"

/** A check the caller chose not to run, and why (the reason shows up in reports). */
export interface SkippedCheck {
  readonly check: string
  readonly reason: string
}

/** A check as planned for one driver: `skipped` says why it will not run. */
export interface PlannedCheck extends DriverCheck {
  readonly skipped?: string
}

/**
 * The checks that apply to `driver`: definition and config, status and identity, typed failures,
 * the Unsupported rule for every capability of its kind, and, for fiscal printers, printing,
 * numbering, lost replies, refunds, voids and closures. FiscalEmitter, Router and PaymentTerminal
 * drivers get the generic checks only; their kind-specific deep checks (CF-e signing, session
 * lists, payment recovery through transaction status) are still to be written.
 */
export const driverChecks = (driver: AnyDriver): ReadonlyArray<DriverCheck> => [
  ...definitionChecks(),
  ...deviceChecks(),
  ...capabilityChecks(driver),
  ...(familyOf(driver) === "fiscal-printer" ? fiscalPrinterChecks(driver) : [])
]

/** Applies the caller's skips; an unknown check name or a missing reason is a mistake, so it throws. */
export const planDriverChecks = (driver: AnyDriver, skip: ReadonlyArray<SkippedCheck> = []): ReadonlyArray<PlannedCheck> => {
  const checks = driverChecks(driver)
  const names = new Set(checks.map((c) => c.name))
  for (const entry of skip) {
    if (!names.has(entry.check)) throw new TypeError(`cannot skip unknown check ${JSON.stringify(entry.check)}; checks: ${[...names].join(" | ")}`)
    if (typeof entry.reason !== "string" || entry.reason.trim() === "") throw new TypeError(`skipping ${entry.check} needs a reason`)
  }
  return checks.map((check) => {
    const skipped = check.notApplicable ?? skip.find((s) => s.check === check.name)?.reason
    return skipped === undefined ? check : { ...check, skipped }
  })
}
