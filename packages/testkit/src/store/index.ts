export * from "./store-conformance.js"
