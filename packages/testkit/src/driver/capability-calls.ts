import type { FiscalEmitterCapability, FiscalPrinterCapability, PaymentTerminalCapability, RouterCapability } from "@fisco/core"
import type { Effect } from "effect"
import type { ServiceByFamily, ServiceFamily } from "./check.js"
import { emptyArchiveDay, placeholderFiscalFile, placeholderReference, sampleSale } from "./samples.js"

/** One service operation that a capability stands for, called with harmless arguments. */
export interface CapabilityCall<S> {
  readonly operation: string
  readonly invoke: (service: S) => Effect.Effect<unknown, unknown>
}

interface CapabilityByFamily {
  "fiscal-printer": FiscalPrinterCapability
  "fiscal-emitter": FiscalEmitterCapability
  router: RouterCapability
  "payment-terminal": PaymentTerminalCapability
}

const call = <S>(operation: string, invoke: (service: S) => Effect.Effect<unknown, unknown>): CapabilityCall<S> => ({ operation, invoke })

const payment = { amount: { amount: 100, currency: "EUR" }, reference: "conformance-ref" }

/**
 * The operations behind each capability of each family. An empty list means the service has no
 * operation for it yet (the FiscalEmitter's `last-document`), so there is nothing to call.
 */
export const capabilityCalls: {
  readonly [F in ServiceFamily]: { readonly [C in CapabilityByFamily[F]]: ReadonlyArray<CapabilityCall<ServiceByFamily[F]>> }
} = {
  "fiscal-printer": {
    sale: [call("printSale", (p) => p.printSale(sampleSale))],
    refund: [call("printRefund", (p) => p.printRefund(placeholderReference, sampleSale))],
    void: [call("printVoid", (p) => p.printVoid(placeholderReference))],
    "last-document": [call("lastDocument", (p) => p.lastDocument)],
    "x-report": [call("xReport", (p) => p.xReport)],
    "z-report": [call("dailyClosure", (p) => p.dailyClosure)],
    "fiscal-archive": [call("fiscalFiles", (p) => p.fiscalFiles(emptyArchiveDay)), call("readFiscalFile", (p) => p.readFiscalFile(placeholderFiscalFile))],
    "z-transmission": [call("zTransmission", (p) => p.zTransmission(9999))],
    "cash-register": [call("cashRegister", (p) => p.cashRegister)]
  },
  "fiscal-emitter": {
    emit: [call("emit", (e) => e.emit("<CFe/>"))],
    cancel: [call("cancel", (e) => e.cancel("0".repeat(44), "<CFeCanc/>"))],
    "last-document": []
  },
  router: {
    suspend: [call("suspend", (r) => r.suspend("conformance-subscriber")), call("resume", (r) => r.resume("conformance-subscriber"))],
    sessions: [call("sessions", (r) => r.sessions)]
  },
  "payment-terminal": {
    pay: [call("pay", (t) => t.pay(payment))],
    refund: [call("refund", (t) => t.refund(payment))],
    reverse: [call("reverse", (t) => t.reverse("conformance-transaction"))],
    "transaction-status": [call("transactionStatus", (t) => t.transactionStatus("conformance-ref"))],
    abort: [call("abort", (t) => t.abort)]
  }
}
