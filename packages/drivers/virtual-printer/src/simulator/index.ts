/**
 * @module @fisco/driver-virtual-printer/simulator
 * A virtual RT printer to drive with `virtualPrinterDriver`: a real HTTP server with a fiscal
 * state machine and an `/admin/` endpoint for state and fault injection.
 */
export { type VirtualPrinter, type VirtualPrinterOptions, DEFAULT_MATRICOLA, startVirtualPrinter } from "./server.js"
export { type VirtualPrinterControl, adminControl } from "./control.js"
export type { CommandLogEntry, VirtualPrinterState } from "./device.js"
export type { InitialState, StoredDocument, FiscalSnapshot } from "./fiscal-memory.js"
export { type Fault, type FaultInjection, type LastingFault } from "./faults.js"
export type { Conditions } from "./admin-endpoint.js"
