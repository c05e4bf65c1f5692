/**
 * @module @fisco/driver-epson-rt
 * Epson RT printers and RT Server over fpmate: the driver (`epsonRtDriver`), the Epson-specific
 * device API (`EpsonRt`, `makeEpsonRtDevice`: RT status, counters, Z transmission, archive…) and
 * the pure codec. The device simulator lives at `@fisco/driver-epson-rt/simulator`.
 */
export { epsonRtDriver } from "./driver.js"
export { EpsonRtConfig } from "./config.js"
export * from "./codec/index.js"
export { NoReply, type Transport, type TransportReply } from "./transport.js"
export { FPMATE_PATH, type HttpTransportOptions, basicAuthorization, httpTransport } from "./http-transport.js"
export { type RawGetOptions, type RawResponse, decodeChunked, parseHead, rawGet } from "./raw-http.js"
export * from "./archive.js"
export { type CommitSpec, type DeviceReads, type Session, type SessionOptions, makeSession } from "./session.js"
export { EpsonRt, type EpsonRtDevice, type EpsonRtDeviceOptions, checkRefundOrVoid, epsonRtLayer, makeEpsonRtDevice, readDirectIO, readLastDocument, readStatusParts, readZTransmission } from "./device.js"
export { type PrinterOptions, epsonRtPrinter } from "./printer.js"
