import type { ClosureSummary, EpsonSimulatorSnapshot } from "./admin-endpoint.js"
import type { Fault, LastingFault } from "./faults.js"
import type { StoredDocument } from "./fiscal-memory.js"
import type { DeviceConditions } from "./state.js"
import type { Transmission } from "./transmissions.js"

/**
 * Steers a running Epson RT simulator through its `/admin/` endpoint, in this process or anywhere
 * reachable. Structurally a testkit `SimulatorControl` (reset, inject, documents) with more.
 */
export interface EpsonSimulatorControl {
  /** Fiscal memory, archive and conditions back to the initial state; faults cleared; hung requests dropped. */
  reset(): Promise<void>
  inject(fault: Fault, options?: { readonly then?: LastingFault }): Promise<void>
  clearFaults(): Promise<void>
  /** Every fiscal document the printer registered, oldest first. */
  documents(): Promise<ReadonlyArray<StoredDocument>>
  closures(): Promise<ReadonlyArray<ClosureSummary>>
  state(): Promise<EpsonSimulatorSnapshot>
  setConditions(conditions: DeviceConditions): Promise<void>
  /** AdE answers every transmission still queued. */
  deliverTransmissions(outcome: "accepted" | "rejected"): Promise<ReadonlyArray<Transmission>>
  /** Fixes the device clock (an ISO instant), or returns it to its own clock with null. */
  setClock(now: string | null): Promise<void>
}

export const adminControl = (url: string): EpsonSimulatorControl => {
  const base = url.endsWith("/") ? url : `${url}/`
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(new URL(`admin/${path}`, base), {
      method,
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`Epson simulator admin ${method} ${path}: HTTP ${response.status} ${text}`)
    return text === "" ? undefined : (JSON.parse(text) as unknown)
  }
  return {
    reset: async () => void (await call("POST", "reset")),
    inject: async (fault, options) => void (await call("POST", "faults", { fault, ...(options?.then ? { then: options.then } : {}) })),
    clearFaults: async () => void (await call("DELETE", "faults")),
    documents: async () => ((await call("GET", "documents")) as { documents: ReadonlyArray<StoredDocument> }).documents,
    closures: async () => ((await call("GET", "closures")) as { closures: ReadonlyArray<ClosureSummary> }).closures,
    state: async () => (await call("GET", "state")) as EpsonSimulatorSnapshot,
    setConditions: async (conditions) => void (await call("POST", "state", conditions)),
    deliverTransmissions: async (outcome) => ((await call("POST", "transmissions", { outcome })) as { delivered: ReadonlyArray<Transmission> }).delivered,
    setClock: async (now) => void (await call("POST", "clock", { now }))
  }
}

/**
 * The testkit `SimulatorControl` of a running simulator, for `driverConformance`:
 * `setup: async () => { const sim = await startEpsonSimulator(); return { config, simulator: epsonSimulatorControl(sim), teardown: sim.close } }`.
 */
export const epsonSimulatorControl = (simulator: { readonly control: EpsonSimulatorControl }) => {
  const { control } = simulator
  return {
    reset: () => control.reset(),
    inject: (fault: Fault) => control.inject(fault),
    documents: () => control.documents()
  }
}
