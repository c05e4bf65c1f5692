import { type FiscalPrinterShape, type PrintedDocument, unsupported } from "@fisco/core"
import { Effect, Option } from "effect"
import { toClosure, toIdentity, toPrintedDocument, toStatusReading, toWireReference, toWireSale } from "./codec.js"
import type { WireClosure, WireDocument } from "./protocol.js"
import type { ReadBack, Session } from "./session.js"

/** A lost print is found again through `last-document`, by the request id the printer stored with it. */
const documentReadBack: ReadBack<"last-document", PrintedDocument> = {
  command: "last-document",
  find: ({ document }, requestId) => (document?.requestId === requestId ? Option.some(toPrintedDocument(document)) : Option.none())
}
const closureReadBack: ReadBack<"last-closure", ReturnType<typeof toClosure>> = {
  command: "last-closure",
  find: ({ closure }, requestId) => (closure?.requestId === requestId ? Option.some(toClosure(closure)) : Option.none())
}
const printed = ({ document }: { readonly document: WireDocument }) => toPrintedDocument(document)
const closed = ({ closure }: { readonly closure: WireClosure }) => toClosure(closure)

export const VIRTUAL_PRINTER = "virtual-printer"

/** The `FiscalPrinter` service over a session with a virtual printer. */
export const virtualPrinterService = (session: Session): FiscalPrinterShape => ({
  status: Effect.map(session.read("status"), ({ result, raw }) => toStatusReading(result, raw)),
  identify: Effect.map(session.read("identify"), ({ result }) => toIdentity(result)),
  printSale: (sale) => session.commit({ command: "print-sale", sale: toWireSale(sale) }, printed, documentReadBack),
  printRefund: (reference, sale) =>
    session.commit({ command: "print-refund", reference: toWireReference(reference), sale: toWireSale(sale) }, printed, documentReadBack),
  printVoid: (reference) => session.commit({ command: "print-void", reference: toWireReference(reference) }, printed, documentReadBack),
  lastDocument: Effect.map(session.read("last-document"), ({ result }) => Option.map(Option.fromNullable(result.document), toPrintedDocument)),
  xReport: Effect.asVoid(session.once({ command: "x-report" })),
  dailyClosure: session.commit({ command: "z-report" }, closed, closureReadBack),
  // The virtual printer keeps no fiscal archive and sends nothing to AdE.
  fiscalFiles: () => unsupported(VIRTUAL_PRINTER, "fiscal-archive"),
  readFiscalFile: () => unsupported(VIRTUAL_PRINTER, "fiscal-archive"),
  zTransmission: () => unsupported(VIRTUAL_PRINTER, "z-transmission"),
  cashRegister: unsupported(VIRTUAL_PRINTER, "cash-register")
})
