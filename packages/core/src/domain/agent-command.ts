import { Schema } from "effect"
import { DocumentReference, PrintedDocument, SaleDocument } from "../drivers/fiscal-printer.js"
import { AgentCommandId, AgentId, DeviceId, TenantId, Timestamp } from "./ids.js"

/**
 * What an agent can be asked to do on one of its devices: print a sale, a refund (reso) or a void
 * (annullo) of an earlier document, as the driver's `printSale` / `printRefund` / `printVoid`.
 */
export const AgentCommandKind = Schema.Literal("print-sale", "print-refund", "print-void")
export type AgentCommandKind = typeof AgentCommandKind.Type

/**
 * `pending` → `claimed` (an agent took it) → `done` | `failed` | `unknown`. `unknown` means the agent
 * lost track of a claimed command (a crash while printing) and the device could not tell whether the
 * document was printed: an operator must look, it is never printed again blindly.
 */
export const AgentCommandState = Schema.Literal("pending", "claimed", "done", "failed", "unknown")
export type AgentCommandState = typeof AgentCommandState.Type

export const AgentCommandError = Schema.Struct({ code: Schema.String, message: Schema.String })

/** How a command ended, as the agent reports it. */
export const AgentCommandResult = Schema.Union(
  Schema.Struct({ state: Schema.Literal("done"), document: PrintedDocument }),
  Schema.Struct({ state: Schema.Literal("failed"), error: AgentCommandError }),
  Schema.Struct({ state: Schema.Literal("unknown"), reason: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(2000)) })
).annotations({ identifier: "AgentCommandResult" })
export type AgentCommandResult = typeof AgentCommandResult.Type

export const AgentCommand = Schema.Struct({
  id: AgentCommandId,
  tenantId: TenantId,
  livemode: Schema.Boolean,
  deviceId: DeviceId,
  kind: AgentCommandKind,
  /** The lines and payments to register (for a void: those of the document voided), in minor units. */
  payload: SaleDocument,
  /** For `print-refund` and `print-void`: the device document they reverse. */
  documentReference: Schema.optional(DocumentReference),
  /** The caller's own reference (a back-office document id), echoed back. */
  reference: Schema.optional(Schema.String),
  state: AgentCommandState,
  claimedBy: Schema.optional(AgentId),
  claimedAt: Schema.optional(Timestamp),
  /** How many times an agent was handed the command (more than one after an agent restart). */
  attempts: Schema.Int,
  result: Schema.optional(AgentCommandResult),
  createdAt: Timestamp,
  updatedAt: Timestamp
}).annotations({ identifier: "AgentCommand" })
export type AgentCommand = typeof AgentCommand.Type

export const AgentCommandInput = Schema.Struct({
  deviceId: DeviceId,
  kind: AgentCommandKind,
  payload: SaleDocument,
  documentReference: Schema.optional(DocumentReference),
  reference: Schema.optional(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)))
}).annotations({ identifier: "AgentCommandInput" })
export type AgentCommandInput = typeof AgentCommandInput.Type
