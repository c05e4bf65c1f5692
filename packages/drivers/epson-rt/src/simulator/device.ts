import type { Element } from "@xmldom/xmldom"
import { commaAmount } from "./amounts.js"
import { createArchive } from "./archive.js"
import { clockTime, isoDateTime, localTime, slashDate } from "./device-time.js"
import { runDirectIo } from "./direct-io.js"
import { createFaults } from "./faults.js"
import { type StoredDocument, createFiscalMemory } from "./fiscal-memory.js"
import { interpretReceipt } from "./receipt.js"
import { type Refusal, invalidCommand } from "./refusal.js"
import type { XmlSigner } from "./signing.js"
import { type Reply, childElements } from "./soap.js"
import { type Conditions, type DeviceConditions, type InitialState, applyConditions } from "./state.js"
import { RT_STATUS_ELEMENTS, type StatusFacts, basicStatusFields, printerStatus, rtStatusFields } from "./status-codes.js"
import { createTransmissions } from "./transmissions.js"

/** A reply and whether the request registered something fiscal (a document or a Z). */
export interface Execution {
  readonly reply: Reply
  readonly committed: boolean
}

export interface DeviceOptions {
  readonly matricola: string
  readonly clock: () => Date
  readonly timeZone: string
  readonly initial: InitialState
  readonly defaults: Conditions
  readonly signer: XmlSigner
  /** Signs the ESITO files in place of AdE. */
  readonly adeSigner: XmlSigner
}

/**
 * The simulated Epson RT printer behind its HTTP endpoints: conditions, fiscal memory, archive,
 * AdE transmissions and faults, and the execution of fpmate request roots.
 */
export const createDevice = (options: DeviceOptions) => {
  const { matricola, timeZone, initial } = options
  let fixedNow: Date | undefined
  const clock = () => fixedNow ?? options.clock()
  const startingConditions = () => applyConditions(options.defaults, initial)
  let conditions = startingConditions()
  const memory = createFiscalMemory(matricola, clock, timeZone, { conditions: () => conditions }, initial, initial.departments)
  const archive = createArchive()
  const transmissions = createTransmissions(matricola, memory, archive, options.signer, options.adeSigner, timeZone)
  const faults = createFaults()

  const facts = (): StatusFacts => ({
    conditions,
    rtType: initial.rtType ?? "I",
    dayOpen: memory.dayOpen(),
    closurePending: memory.closurePending(),
    filesToSend: conditions.filesToSend + transmissions.count("queued"),
    filesRejected: conditions.filesRejected + transmissions.count("rejected")
  })

  const statusField = () => ["printerStatus", printerStatus(conditions)] as const
  const success = (fields: ReadonlyArray<readonly [string, string]>, elementList = fields.map(([name]) => name)): Execution => ({
    reply: { success: true, code: "", status: "2", elementList, fields },
    committed: false
  })
  const failure = (refusal: Refusal): Execution => ({
    reply: { success: false, code: refusal.code, status: String(refusal.status), elementList: ["lastCommand", "printerStatus"], fields: [["lastCommand", "74"], statusField()] },
    committed: false
  })

  const documentReply = (d: StoredDocument): Execution => {
    const local = localTime(new Date(d.issuedAt), timeZone)
    return {
      ...success([
        ["lastCommand", "74"],
        statusField(),
        ["fiscalReceiptNumber", String(d.number.document)],
        ["fiscalReceiptAmount", commaAmount(d.total)],
        ["fiscalReceiptDate", slashDate(local)],
        ["fiscalReceiptTime", clockTime(local)],
        ["zRepNumber", String(d.number.z)],
        ["serialNumber", matricola],
        ["receiptISODateTime", isoDateTime(local)]
      ]),
      committed: true
    }
  }

  const fiscalReceipt = (root: Element): Execution => {
    const outcome = interpretReceipt(root)
    if (!outcome.ok) return failure(outcome.refusal)
    if ("cancelled" in outcome) return success([["lastCommand", "74"], statusField()])
    const issued = memory.issue(outcome.request)
    return issued.ok ? documentReply(issued.document) : failure(issued.refusal)
  }

  const dayAmount = () => commaAmount(memory.dayTotals().sales.amount - memory.dayTotals().refunds.amount - memory.dayTotals().voids.amount)

  const closeDay = (): Execution => {
    const closed = memory.closeDay()
    if (!closed.ok) return failure(closed.refusal)
    transmissions.file(closed.closure, conditions)
    return {
      ...success([["lastCommand", "74"], statusField(), ["zRepNumber", String(closed.closure.z)], ["dailyAmount", commaAmount(closed.closure.total)]]),
      committed: true
    }
  }

  const fiscalReport = (root: Element): Execution => {
    const report = childElements(root).find((e) => e.localName !== "displayText")
    switch (report?.localName) {
      case "printXReport": {
        const blocked = conditions.paper === "end" || conditions.coverOpen
        return blocked ? failure({ code: "EPTR_REC_EMPTY", status: 3, reason: "the printer is offline" }) : success([["lastCommand", "74"], statusField(), ["dailyAmount", dayAmount()]])
      }
      case "printZReport":
      case "printXZReport":
        return closeDay()
      default:
        return failure(invalidCommand(`${report?.localName ?? "nothing"} is not a fiscal report`))
    }
  }

  const command = (root: Element): Execution => {
    const first = childElements(root)[0]
    switch (first?.localName) {
      case "queryPrinterStatus":
        return first.getAttribute("statusType") === "1"
          ? success(rtStatusFields(facts()), RT_STATUS_ELEMENTS)
          : success(basicStatusFields(conditions), ["lastCommand", "printerStatus"])
      case "directIO": {
        const code = first.getAttribute("command") ?? ""
        const result = runDirectIo({ matricola, memory, transmissions, facts, timeZone }, code, first.getAttribute("data") ?? "")
        return result.ok ? success([["lastCommand", "74"], statusField(), ["responseCommand", code], ["responseData", result.data]]) : failure(result.refusal)
      }
      case "resetPrinter":
      case "openDrawer":
      case "displayText":
        return success([["lastCommand", "74"], statusField()])
      default:
        return failure(invalidCommand(`${first?.localName ?? "nothing"} is not a printer command`))
    }
  }

  return {
    matricola,
    memory,
    archive,
    transmissions,
    faults,
    clock,
    timeZone,
    conditions: () => conditions,
    facts,
    /** Executes one fpmate request root element. */
    execute: (root: Element): Execution => {
      switch (root.localName) {
        case "printerFiscalReceipt":
          return fiscalReceipt(root)
        case "printerFiscalReport":
          return fiscalReport(root)
        case "printerCommand":
        case "printerCommands":
          return command(root)
        default:
          return failure(invalidCommand(`${root.localName} is not a request the printer knows`))
      }
    },
    /** The fpmate reply for a request that could not even be parsed. */
    unparsable: (code: string): Reply => ({ success: false, code, status: "0", elementList: [], fields: [] }),
    /** What a busy printer answers: the fiscal firmware did not take the request (nothing executed). */
    busy: (): Reply => ({ success: false, code: "LAN_ERROR", status: "0", elementList: [], fields: [] }),
    setConditions: (update: DeviceConditions) => {
      conditions = applyConditions(conditions, update)
    },
    /** Fixes the device clock at `instant` (null returns to the clock it was started with). */
    setClock: (instant: Date | null) => {
      fixedNow = instant ?? undefined
    },
    /** AdE answers every queued transmission. */
    deliverQueued: (outcome: "accepted" | "rejected") => transmissions.deliverQueued(outcome, isoDateTime(localTime(clock(), timeZone))),
    reset: () => {
      conditions = startingConditions()
      memory.reset()
      archive.clear()
      transmissions.clear()
      faults.clear()
      fixedNow = undefined
    }
  }
}
export type SimulatedDevice = ReturnType<typeof createDevice>
