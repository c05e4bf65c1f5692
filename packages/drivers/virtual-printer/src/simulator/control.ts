import type { PaperLevel } from "../protocol.js"
import type { VirtualPrinterState } from "./device.js"
import type { Fault, LastingFault } from "./faults.js"
import type { StoredDocument } from "./fiscal-memory.js"

/**
 * Steers a running virtual printer through its `/admin/` endpoint; works for a printer in this
 * process or anywhere reachable. Structurally a `SimulatorControl` of `@fisco/testkit`.
 */
export interface VirtualPrinterControl {
  /** Fiscal memory back to the initial state, faults cleared, hung requests dropped. */
  reset(): Promise<void>
  inject(fault: Fault, options?: { readonly then?: LastingFault }): Promise<void>
  clearFaults(): Promise<void>
  setConditions(conditions: { readonly paper?: PaperLevel; readonly coverOpen?: boolean }): Promise<void>
  documents(): Promise<ReadonlyArray<StoredDocument>>
  state(): Promise<VirtualPrinterState>
}

export const adminControl = (url: string): VirtualPrinterControl => {
  const base = url.endsWith("/") ? url : `${url}/`
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(new URL(`admin/${path}`, base), {
      method,
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`virtual printer admin ${method} ${path}: HTTP ${response.status} ${text}`)
    return text === "" ? undefined : (JSON.parse(text) as unknown)
  }
  return {
    reset: async () => void (await call("POST", "reset")),
    inject: async (fault, options) => void (await call("POST", "faults", { fault, ...(options?.then ? { then: options.then } : {}) })),
    clearFaults: async () => void (await call("DELETE", "faults")),
    setConditions: async (conditions) => void (await call("POST", "conditions", conditions)),
    documents: async () => ((await call("GET", "documents")) as { documents: ReadonlyArray<StoredDocument> }).documents,
    state: async () => (await call("GET", "state")) as VirtualPrinterState
  }
}
