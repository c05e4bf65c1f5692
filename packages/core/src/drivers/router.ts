import { Context } from "effect"
import type { Effect } from "effect"
import type { DeviceError } from "../errors.js"
import type { StatusReading } from "../domain/device-status.js"
import type { DeviceIdentity } from "./identity.js"

export interface SubscriberSession {
  readonly subscriber: string
  readonly address?: string
  readonly uptimeSeconds?: number
}

export const RouterCapabilities = ["suspend", "sessions"] as const
export type RouterCapability = (typeof RouterCapabilities)[number]

/** The service an ISP router or CPE driver provides (MikroTik and the like). */
export interface RouterShape {
  readonly status: Effect.Effect<StatusReading, DeviceError>
  readonly identify: Effect.Effect<DeviceIdentity, DeviceError>
  /** Cuts a subscriber off (unpaid invoices); idempotent. */
  readonly suspend: (subscriber: string) => Effect.Effect<void, DeviceError>
  readonly resume: (subscriber: string) => Effect.Effect<void, DeviceError>
  readonly sessions: Effect.Effect<ReadonlyArray<SubscriberSession>, DeviceError>
}

export class Router extends Context.Tag("@fisco/core/Router")<Router, RouterShape>() {}
