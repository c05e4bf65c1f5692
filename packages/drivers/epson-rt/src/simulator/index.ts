/**
 * @module @fisco/driver-epson-rt/simulator
 * A simulated Epson RT printer (FP-81 II RT / FP-90III RT): fpmate SOAP over real HTTP, a fiscal
 * state machine with ZZZZ-NNNN numbering and per-VAT totals, signed COR10 corrispettivi on every
 * Z in an on-device archive, settable device conditions and fault injection.
 */
export { ADE_SUBJECT, type EpsonSimulator, type EpsonSimulatorOptions, DEFAULT_MATRICOLA, deviceSubject, startEpsonSimulator } from "./server.js"
export { type EpsonSimulatorControl, adminControl, epsonSimulatorControl } from "./control.js"
export type { ClosureSummary, EpsonSimulatorSnapshot } from "./admin-endpoint.js"
export { DeviceConditions, InitialState, VatAssignment, DEFAULT_DEPARTMENTS } from "./state.js"
export type { Conditions } from "./state.js"
export type { DocumentKind, DocumentNumber, DocumentReference, StoredDocument } from "./fiscal-memory.js"
export type { PaymentEntry } from "./totals.js"
export type { Transmission } from "./transmissions.js"
export type { VatSummary } from "./corrispettivi.js"
export { type Fault, type FaultInjection, type LastingFault } from "./faults.js"
export { type SigningCredentials, generateCredentials } from "./signing.js"
