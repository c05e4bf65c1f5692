import { Data } from "effect"

/**
 * Typed domain errors. Each carries a stable `code` that the HTTP layer puts in problem+json
 * bodies and the CLI prints, so integrators can branch on it without parsing messages.
 */

export interface Issue {
  /** Dotted path of the offending field, e.g. `driver.config.host`. */
  readonly path: string
  readonly message: string
}

export class InvalidInput extends Data.TaggedError("InvalidInput")<{ readonly issues: ReadonlyArray<Issue> }> {
  readonly code = "invalid_input"
  override get message() {
    return this.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")
  }
}

export class NotFound extends Data.TaggedError("NotFound")<{ readonly entity: string; readonly id: string }> {
  readonly code = "not_found"
  override get message() {
    return `${this.entity} ${this.id} not found`
  }
}

export class Conflict extends Data.TaggedError("Conflict")<{ readonly reason: string }> {
  readonly code = "conflict"
  override get message() {
    return this.reason
  }
}

/** The device (or its driver) lacks a capability. Never answered with an empty or approximate result. */
export class Unsupported extends Data.TaggedError("Unsupported")<{ readonly driver: string; readonly capability: string }> {
  readonly code = "unsupported"
  override get message() {
    return `driver ${this.driver} does not support ${this.capability}`
  }
}

/** The device did not answer at all (connection refused, DNS, socket closed before a reply). */
export class DeviceUnreachable extends Data.TaggedError("DeviceUnreachable")<{ readonly reason: string; readonly cause?: unknown }> {
  readonly code = "device_unreachable"
  override get message() {
    return `device unreachable: ${this.reason}`
  }
}

/**
 * A request was sent but no reply came in time. For a fiscal document or a payment the outcome is
 * unknown until the device's last-document / transaction status has been read.
 */
export class DeviceTimeout extends Data.TaggedError("DeviceTimeout")<{ readonly operation: string; readonly afterMs: number }> {
  readonly code = "device_timeout"
  override get message() {
    return `${this.operation} timed out after ${this.afterMs} ms`
  }
}

export class DeviceBusy extends Data.TaggedError("DeviceBusy")<{ readonly reason: string }> {
  readonly code = "device_busy"
  override get message() {
    return `device busy: ${this.reason}`
  }
}

/** The device answered and refused the command, with its own code (e.g. paper end, day closed). */
export class DeviceRejected extends Data.TaggedError("DeviceRejected")<{
  readonly deviceCode: string
  readonly reason: string
}> {
  readonly code = "device_rejected"
  override get message() {
    return `device refused (${this.deviceCode}): ${this.reason}`
  }
}

/** The device's reply could not be understood. */
export class DeviceProtocolError extends Data.TaggedError("DeviceProtocolError")<{ readonly reason: string }> {
  readonly code = "device_protocol_error"
  override get message() {
    return `device protocol error: ${this.reason}`
  }
}

/**
 * After a lost reply the driver read the device back and still cannot tell whether the document or
 * payment happened. Callers must not retry blindly; an operator has to look.
 */
export class OutcomeUnknown extends Data.TaggedError("OutcomeUnknown")<{ readonly operation: string; readonly reason: string }> {
  readonly code = "outcome_unknown"
  override get message() {
    return `${this.operation}: outcome unknown (${this.reason})`
  }
}

/**
 * A document that cannot be read at all (not XML, or XML that is no document of the expected
 * kind). Unlike a document that reads but fails its checks, there is nothing to keep.
 */
export class UnreadableDocument extends Data.TaggedError("UnreadableDocument")<{ readonly issues: ReadonlyArray<Issue> }> {
  readonly code = "unreadable_document"
  override get message() {
    return this.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")
  }
}

/** Errors a driver may fail with. */
export type DeviceError =
  | Unsupported
  | DeviceUnreachable
  | DeviceTimeout
  | DeviceBusy
  | DeviceRejected
  | DeviceProtocolError
  | OutcomeUnknown

/** Errors the domain services fail with. */
export type DomainError = InvalidInput | NotFound | Conflict | UnreadableDocument | DeviceError

export const isDomainError = (u: unknown): u is DomainError =>
  typeof u === "object" && u !== null && "_tag" in u && "code" in u && typeof (u as { code: unknown }).code === "string"
