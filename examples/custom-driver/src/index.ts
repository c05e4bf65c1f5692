/**
 * Example third-party driver: the made-up Acme TP-1 receipt printer over a line-based TCP protocol,
 * its simulator, and a deliberately broken variant that the conformance suite catches.
 */
export { acmeTp1Driver, acmeService, ACME_TP1 } from "./driver.js"
export { AcmeTp1Config } from "./config.js"
export { brokenAcmeDriver } from "./broken-driver.js"
export { type Tp1Simulator, startTp1Simulator } from "./simulator/tp1-server.js"
