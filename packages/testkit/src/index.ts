export * from "./driver/index.js"
export * from "./store/index.js"
export * from "./scheduler/index.js"
