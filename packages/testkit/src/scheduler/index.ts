export * from "./conformance.js"
export * from "./run-log.js"
export * from "./test-clock.js"
