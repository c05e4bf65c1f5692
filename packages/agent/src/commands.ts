import { type AgentCommand, type AgentCommandResult, type Device, type DriverRegistry, type PrintedDocument, isDomainError } from "@fisco/core"
import { Option } from "effect"
import { lastDocument, printRefund, printSale, printVoid } from "./device-io.js"
import type { LocalQueue } from "./queue.js"

const errorOf = (error: unknown) => ({
  code: isDomainError(error) ? error.code : "agent_error",
  message: error instanceof Error ? error.message : String(error)
})

const documentJson = (doc: Option.Option<PrintedDocument>) => JSON.stringify(Option.getOrNull(doc))

const saleTotal = (command: AgentCommand) => command.payload.lines.reduce((sum, line) => sum + line.amount, 0)

/** The document kind a command prints. */
const documentKind = (command: AgentCommand): PrintedDocument["kind"] =>
  command.kind === "print-refund" ? "refund" : command.kind === "print-void" ? "void" : "sale"

/**
 * Whether the document found after a crash is this command's: its kind, and for a sale or refund its
 * total (a device may report a void's total differently, so a void is matched by kind alone — it
 * still has to be the very next document).
 */
const isCommandsDocument = (command: AgentCommand, doc: PrintedDocument) =>
  doc.kind === documentKind(command) && (command.kind === "print-void" || doc.total === saleTotal(command))

/** Sends the command to the driver, which itself never re-prints after a lost reply. */
const print = (drivers: DriverRegistry, device: Device, command: AgentCommand): Promise<PrintedDocument> => {
  if (command.kind === "print-sale") return printSale(drivers, device, command.payload)
  if (!command.documentReference) throw new Error(`command ${command.id} (${command.kind}) has no document reference`)
  return command.kind === "print-refund"
    ? printRefund(drivers, device, command.documentReference, command.payload)
    : printVoid(drivers, device, command.documentReference)
}

/**
 * After a crash while printing: the device's last document now, against the one recorded before
 * printing. Unchanged → nothing was printed, printing once is safe (`undefined`). The very next
 * document, of the command's kind (and total) → that is the command's document. Anything else (another
 * document came in between, or the device cannot be read) → `unknown`: an operator must look.
 */
const recover = async (drivers: DriverRegistry, device: Device, command: AgentCommand, before: string): Promise<AgentCommandResult | undefined> => {
  let now: Option.Option<PrintedDocument>
  try {
    now = await lastDocument(drivers, device)
  } catch (error) {
    return { state: "unknown", reason: `the agent stopped while printing and cannot read the device back: ${errorOf(error).message}` }
  }
  if (documentJson(now) === before) return undefined
  const previous = JSON.parse(before) as PrintedDocument | null
  const doc = Option.getOrNull(now)!
  const isNext = previous === null || (doc.number.z === previous.number.z && doc.number.document === previous.number.document + 1) || doc.number.z === previous.number.z + 1
  if (isNext && isCommandsDocument(command, doc)) return { state: "done", document: doc }
  return {
    state: "unknown",
    reason: `the agent stopped while printing; the device's last document (${doc.kind} ${doc.number.z}-${doc.number.document}, total ${doc.total}) may or may not be this ${documentKind(command)}`
  }
}

/**
 * Runs one claimed command to a result, journaled in the local queue file so that a crash at any
 * point never leads to a blind second print: the last document is recorded before printing, and a
 * command found started on restart is read back first (`recover`). Returns undefined when the device
 * cannot be reached before printing: the command stays claimed and is tried on the next round.
 */
export const runCommand = async (
  drivers: DriverRegistry,
  queue: LocalQueue,
  devices: ReadonlyMap<string, Device>,
  command: AgentCommand
): Promise<AgentCommandResult | undefined> => {
  const journaled = queue.journal.get(command.id)
  if (journaled?.result) return JSON.parse(journaled.result) as AgentCommandResult
  const device = devices.get(command.deviceId)
  const finish = (result: AgentCommandResult) => {
    queue.journal.finish(command.id, JSON.stringify(result))
    return result
  }
  if (!device) {
    const result: AgentCommandResult = { state: "failed", error: { code: "unknown_device", message: `device ${command.deviceId} is not polled by this agent` } }
    queue.journal.start(command.id, "null")
    return finish(result)
  }
  if (journaled) {
    const recovered = await recover(drivers, device, command, journaled.before)
    if (recovered) return finish(recovered)
  } else {
    let before: Option.Option<PrintedDocument>
    try {
      before = await lastDocument(drivers, device)
    } catch {
      return undefined
    }
    queue.journal.start(command.id, documentJson(before))
  }
  try {
    return finish({ state: "done", document: await print(drivers, device, command) })
  } catch (error) {
    const failure = errorOf(error)
    return finish(failure.code === "outcome_unknown" ? { state: "unknown", reason: failure.message } : { state: "failed", error: failure })
  }
}
