/**
 * @module @fisco/driver-virtual-printer
 * A virtual RT-style fiscal printer speaking JSON over HTTP: the driver (`virtualPrinterDriver`)
 * and its building blocks. The device simulator lives at `@fisco/driver-virtual-printer/simulator`.
 */
export { virtualPrinterDriver } from "./driver.js"
export { VirtualPrinterConfig } from "./config.js"
export * from "./protocol.js"
export { decodeReply, encodeRequest, toPrintedDocument, toStatusReading, toWireReference, toWireSale } from "./codec.js"
export { NoReply, type Transport, type TransportReply } from "./transport.js"
export { type HttpTransportOptions, httpTransport } from "./http-transport.js"
export { type CommandBody, type ReadBack, type Reply, type Session, type SessionOptions, makeSession } from "./session.js"
export { virtualPrinterService } from "./printer.js"
