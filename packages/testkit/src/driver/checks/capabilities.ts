import { type AnyDriver, type DeviceKind, serviceForKind } from "@fisco/core"
import { type CapabilityCall, capabilityCalls } from "../capability-calls.js"
import { type DriverCheck, familyOf } from "../check.js"
import { CheckFailure, expectFailure } from "../expect.js"
import { describeOutcome, tagOf } from "../outcome.js"

/**
 * The Unsupported rule: an operation the driver does not declare fails with `Unsupported`, never
 * with an empty or approximate answer (which a caller cannot tell from a real one); an operation it
 * declares never fails with `Unsupported`.
 */
export const capabilityChecks = (driver: AnyDriver): ReadonlyArray<DriverCheck> => {
  const family = familyOf(driver)
  const calls = capabilityCalls[family] as Record<string, ReadonlyArray<CapabilityCall<unknown>>>
  const vocabulary: ReadonlyArray<string> = serviceForKind[driver.kinds[0] as DeviceKind].capabilities
  const declared = new Set<string>(driver.capabilities)
  return vocabulary.map((capability): DriverCheck => {
    const operations = calls[capability] ?? []
    const noOperation = operations.length === 0 ? `the ${family} service has no operation for ${capability} yet` : undefined
    if (!declared.has(capability)) {
      return {
        name: `unsupported: ${capability} fails with Unsupported`,
        ...(noOperation ? { notApplicable: noOperation } : {}),
        run: async (context) => {
          for (const { operation, invoke } of operations) {
            expectFailure(await context.call(invoke), ["Unsupported"], `${operation} (capability ${capability} is not declared)`)
          }
        }
      }
    }
    return {
      name: `declared: ${capability} is not answered with Unsupported`,
      ...(noOperation ? { notApplicable: noOperation } : {}),
      run: async (context) => {
        for (const { operation, invoke } of operations) {
          const outcome = await context.call(invoke)
          if (outcome._tag === "Failure" && tagOf(outcome.error) === "Unsupported") {
            throw new CheckFailure(`${operation} fails with Unsupported although ${capability} is declared`)
          }
          if (outcome._tag === "Defect") throw new CheckFailure(`${operation} ${describeOutcome(outcome)}`)
        }
      }
    }
  })
}
