import { Context } from "effect"
import type { Effect } from "effect"
import type { DeviceError } from "../errors.js"
import type { StatusReading } from "../domain/device-status.js"
import type { DeviceIdentity } from "./identity.js"

/** A CF-e (Cupom Fiscal eletrônico) as signed by a SAT or MFE: its 44-digit access key and the XML. */
export interface IssuedCfe {
  readonly accessKey: string
  readonly xml: string
  readonly issuedAt: string
}

export const FiscalEmitterCapabilities = ["emit", "cancel", "last-document"] as const
export type FiscalEmitterCapability = (typeof FiscalEmitterCapabilities)[number]

/** The service a Brazilian SAT or MFE driver provides. */
export interface FiscalEmitterShape {
  readonly status: Effect.Effect<StatusReading, DeviceError>
  readonly identify: Effect.Effect<DeviceIdentity, DeviceError>
  /** Sends a sale CF-e (unsigned XML built by the caller) to be signed and emitted. */
  readonly emit: (saleXml: string) => Effect.Effect<IssuedCfe, DeviceError>
  /** Cancels a CF-e by access key (allowed within the legal window). */
  readonly cancel: (accessKey: string, cancelXml: string) => Effect.Effect<IssuedCfe, DeviceError>
}

export class FiscalEmitter extends Context.Tag("@fisco/core/FiscalEmitter")<FiscalEmitter, FiscalEmitterShape>() {}
