import type { DocumentReference, FiscalFileRef, PrintedDocument, SaleDocument } from "@fisco/core"

/** The sale every fiscal-printer check prints: three lines over two VAT rates, paid in cash. */
export const sampleSale: SaleDocument = {
  lines: [
    { description: "Espresso", quantityMilli: 2000, unitPrice: 120, amount: 240, vat: { _tag: "rate", basisPoints: 1000 } },
    { description: "Cornetto", quantityMilli: 1000, unitPrice: 150, amount: 150, vat: { _tag: "rate", basisPoints: 1000 } },
    { description: "Acqua 0,5 l", quantityMilli: 1000, unitPrice: 100, amount: 100, vat: { _tag: "rate", basisPoints: 2200 } }
  ],
  payments: [{ method: "cash", amount: 490 }]
}
export const sampleSaleTotal = 490

/**
 * The reference a refund or void uses to point back at `document`. The date is the calendar date
 * of `issuedAt` as written, so simulators should stamp documents in the zone they count days in.
 */
export const referenceTo = (document: PrintedDocument, deviceSerial: string): DocumentReference => ({
  number: document.number,
  date: document.issuedAt.slice(0, 10),
  deviceSerial
})

/** A reference to a document no device printed, for calling operations only to see if they exist. */
export const placeholderReference: DocumentReference = {
  number: { z: 9999, document: 9999 },
  date: "2000-01-01",
  deviceSerial: "CONFORMANCE"
}

/** A fiscal day long before any simulator's first closure: its archive folder is empty. */
export const emptyArchiveDay = "2000-01-01"

/** An archive file no device holds, for calling `readFiscalFile` only to see if it exists. */
export const placeholderFiscalFile: FiscalFileRef = { name: "CONFORMANCE-20000101T000000-9999-CORRISP.xml", kind: "corrispettivi", day: emptyArchiveDay }
