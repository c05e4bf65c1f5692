import type { ServerResponse } from "node:http"
import { type FiscalMemory, type FiscalSnapshot, type InitialState, createFiscalMemory } from "./fiscal-memory.js"
import { type Faults, createFaults } from "./faults.js"
import type { CommandName } from "../protocol.js"

export interface CommandLogEntry {
  readonly command: CommandName
  readonly requestId: string
}

/** Everything the admin endpoint reports: fiscal memory, armed faults and the traffic seen. */
export interface VirtualPrinterState extends FiscalSnapshot {
  readonly faults: ReadonlyArray<string>
  /** Every well-formed command received, oldest first: proves what a driver sent (and did not re-send). */
  readonly commands: ReadonlyArray<CommandLogEntry>
  /** The most commands the printer was handling at once; a driver that serialises keeps it at 1. */
  readonly peakConcurrentCommands: number
}

/** A simulated printer's state behind its HTTP endpoints. */
export interface SimulatedDevice {
  /** How long printing a document or a report takes, in ms. */
  readonly printMs: number
  readonly memory: FiscalMemory
  readonly faults: Faults
  /** Marks a command as being handled until `response` closes. */
  readonly track: (response: ServerResponse) => void
  /** Keeps `response` open without answering, as a hung printer does, until reset or close. */
  readonly hang: (response: ServerResponse) => void
  readonly log: (entry: CommandLogEntry) => void
  readonly state: () => VirtualPrinterState
  readonly reset: () => void
}

export const createSimulatedDevice = (matricola: string, clock: () => Date, printMs: number, initial?: InitialState): SimulatedDevice => {
  const memory = createFiscalMemory(matricola, clock, initial)
  const faults = createFaults()
  const hanging = new Set<ServerResponse>()
  let commands: Array<CommandLogEntry> = []
  let inFlight = 0
  let peak = 0
  return {
    printMs,
    memory,
    faults,
    track: (response) => {
      inFlight += 1
      peak = Math.max(peak, inFlight)
      response.on("close", () => {
        inFlight -= 1
      })
    },
    hang: (response) => {
      hanging.add(response)
      response.on("close", () => hanging.delete(response))
    },
    log: (entry) => {
      commands.push(entry)
    },
    state: () => ({ ...memory.snapshot(), faults: faults.list(), commands: [...commands], peakConcurrentCommands: peak }),
    reset: () => {
      memory.reset()
      faults.clear()
      for (const response of hanging) response.socket?.destroy()
      commands = []
      peak = inFlight
    }
  }
}
