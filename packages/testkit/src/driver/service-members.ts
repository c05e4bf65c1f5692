import type { ServiceByFamily, ServiceFamily } from "./check.js"

/** Every member a family's service must have, whatever the driver declares. */
export const serviceMembers: { readonly [F in ServiceFamily]: ReadonlyArray<keyof ServiceByFamily[F]> } = {
  "fiscal-printer": ["status", "identify", "printSale", "printRefund", "printVoid", "lastDocument", "xReport", "dailyClosure"],
  "fiscal-emitter": ["status", "identify", "emit", "cancel"],
  router: ["status", "identify", "suspend", "resume", "sessions"],
  "payment-terminal": ["status", "identify", "pay", "refund", "reverse", "transactionStatus", "abort"]
}
