import { Context } from "effect"
import type { Effect, Option } from "effect"
import type { DeviceError } from "../errors.js"
import type { StatusReading } from "../domain/device-status.js"
import type { Money } from "../domain/money.js"
import type { DeviceIdentity } from "./identity.js"

export interface PaymentRequest {
  readonly amount: Money
  /** Caller's reference, persisted before sending so the outcome can be recovered after a lost reply. */
  readonly reference: string
}

export interface PaymentOutcome {
  readonly result: "approved" | "declined"
  readonly amount: Money
  readonly reference: string
  /** The terminal's transaction id (STAN, POITransactionID…). */
  readonly transactionId?: string
  readonly authorizationCode?: string
  readonly maskedPan?: string
  readonly receipt?: string
}

export const PaymentTerminalCapabilities = ["pay", "refund", "reverse", "transaction-status", "abort"] as const
export type PaymentTerminalCapability = (typeof PaymentTerminalCapabilities)[number]

/**
 * The service a POS payment terminal driver provides. A payment is never re-sent after a lost
 * reply: the driver reads `transactionStatus(reference)` first.
 */
export interface PaymentTerminalShape {
  readonly status: Effect.Effect<StatusReading, DeviceError>
  readonly identify: Effect.Effect<DeviceIdentity, DeviceError>
  readonly pay: (request: PaymentRequest) => Effect.Effect<PaymentOutcome, DeviceError>
  readonly refund: (request: PaymentRequest) => Effect.Effect<PaymentOutcome, DeviceError>
  readonly reverse: (transactionId: string) => Effect.Effect<PaymentOutcome, DeviceError>
  readonly transactionStatus: (reference: string) => Effect.Effect<Option.Option<PaymentOutcome>, DeviceError>
  readonly abort: Effect.Effect<void, DeviceError>
}

export class PaymentTerminal extends Context.Tag("@fisco/core/PaymentTerminal")<PaymentTerminal, PaymentTerminalShape>() {}
