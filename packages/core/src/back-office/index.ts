export * from "./check-receipt.js"
export * from "./quadratura.js"
export * from "./service.js"
