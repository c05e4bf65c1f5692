import { Schema } from "effect"

/**
 * The faults every device simulator can be put in, so the conformance suite and partners' tests
 * drive any simulator the same way. Lasting faults stay until cleared; `unreachable` and `down`
 * are the same fault.
 */
export const LastingFault = Schema.Literal("timeout", "unreachable", "down", "busy")
export type LastingFault = typeof LastingFault.Type

/** `drop-reply-after-commit` is one-shot: the next fiscal command is executed and its reply lost. */
export const SimulatorFault = Schema.Union(Schema.Literal("drop-reply-after-commit"), LastingFault)
export type SimulatorFault = typeof SimulatorFault.Type

/**
 * A request to inject a fault. `then` arms a lasting fault right after a dropped reply, e.g. a
 * printer that prints and then loses power (`{ fault: "drop-reply-after-commit", then: "down" }`).
 */
export const FaultInjection = Schema.Struct({ fault: SimulatorFault, then: Schema.optional(LastingFault) })
export type FaultInjection = typeof FaultInjection.Type

/** The faults armed on one simulated device. */
export interface FaultSwitch {
  readonly inject: (injection: FaultInjection) => void
  readonly clear: () => void
  readonly isDown: () => boolean
  readonly isHanging: () => boolean
  readonly isBusy: () => boolean
  /** True once when a dropped reply is armed; disarms it and arms its follow-up fault. */
  readonly takeDroppedReply: () => boolean
  readonly list: () => ReadonlyArray<string>
}

export const createFaultSwitch = (): FaultSwitch => {
  const lasting = new Set<"timeout" | "down" | "busy">()
  let drop: FaultInjection | undefined
  const arm = (fault: LastingFault) => lasting.add(fault === "unreachable" ? "down" : fault)
  return {
    inject: (injection) => {
      if (injection.fault === "drop-reply-after-commit") drop = injection
      else arm(injection.fault)
    },
    clear: () => {
      lasting.clear()
      drop = undefined
    },
    isDown: () => lasting.has("down"),
    isHanging: () => lasting.has("timeout"),
    isBusy: () => lasting.has("busy"),
    takeDroppedReply: () => {
      if (!drop) return false
      if (drop.then) arm(drop.then)
      drop = undefined
      return true
    },
    list: () => [...lasting, ...(drop ? ["drop-reply-after-commit"] : [])]
  }
}
