export {}
export * from "./scheduler.js"
export * from "./store.js"
export * from "./store-dialect.js"
