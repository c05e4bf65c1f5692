import { type VatSummary, expectedTax, parseXml, verifyCorrispettivi } from "@fisco/ade"
import { type CorrispettiviReading, type CorrispettiviVerifier, UnreadableDocument, type VerifiedVatSummary } from "@fisco/core"
import { Either } from "effect"

const percent = (basisPoints: number) => `${basisPoints / 100}%`

/** Each rate summary's `Imposta` against the rate applied to its `Ammontare` (net of VAT), resi and annulli. */
const taxProblems = (perVat: ReadonlyArray<VatSummary>): ReadonlyArray<string> =>
  perVat.flatMap((summary) => {
    const expected = expectedTax(summary)
    return expected === undefined || expected === summary.tax || summary.vat._tag !== "rate"
      ? []
      : [`totals: Imposta of the ${percent(summary.vat.basisPoints)} summary is ${summary.tax} cents, the rate on Ammontare gives ${expected}`]
  })

const summaryOf = (summary: VatSummary): VerifiedVatSummary => ({
  ...(summary.vat._tag === "ventilazione" ? {} : { vat: summary.vat }),
  amount: summary.amount,
  tax: summary.tax,
  returns: summary.returns,
  voids: summary.voids
})

/**
 * The archive's `CorrispettiviVerifier` over `@fisco/ade`: official XSD, XMLDSig with the embedded
 * certificate, signer CN = matricola, and each rate's tax against its net amount. Without
 * `schemaDir` every file fails its schema check (there is nothing to check it against).
 */
export const createAdeVerifier = (options: { readonly schemaDir?: string }): CorrispettiviVerifier => ({
  verify: async (xml, { expectedMatricola }) => {
    if (Either.isLeft(parseXml(xml))) throw new UnreadableDocument({ issues: [{ path: "xml", message: "is not well-formed XML" }] })
    const report = await verifyCorrispettivi(xml, {
      ...(options.schemaDir ? { schemaDir: options.schemaDir } : {}),
      ...(expectedMatricola ? { expectedMatricola } : {})
    })
    const kind = report.kind === "corrispettivi" || report.kind === "esito" || report.kind === "evento" ? report.kind : "unknown"
    const corrispettivi = report.corrispettivi
    const totals = corrispettivi ? taxProblems(corrispettivi.perVat) : []
    const esito = report.esito?.kind === "esito" ? report.esito : undefined
    const reading: CorrispettiviReading = {
      kind,
      xsdValid: report.schema.valid,
      signatureValid: report.signature.valid,
      ...(report.signature.signerCn === undefined ? {} : { signerCn: report.signature.signerCn }),
      ...(report.matricolaMatches === undefined ? {} : { signerMatchesMatricola: report.matricolaMatches }),
      ...(corrispettivi && corrispettivi.perVat.length > 0 ? { totalsConsistent: totals.length === 0 } : {}),
      problems: [...report.problems, ...totals],
      ...(corrispettivi
        ? {
            corrispettivi: {
              day: corrispettivi.date,
              simulation: corrispettivi.simulation,
              ...(corrispettivi.inactivePeriod ? { inactivePeriod: corrispettivi.inactivePeriod } : {}),
              perVat: corrispettivi.perVat.map(summaryOf)
            }
          }
        : {}),
      ...(esito
        ? { esito: { operationId: esito.operationId, outcome: esito.outcome === "rejected" ? "rejected" : "accepted", errors: esito.errors.map((e) => ({ code: e.code, description: e.description })) } }
        : {}),
      ...(report.evento
        ? { evento: { event: report.evento.event, at: report.evento.at, detailCode: report.evento.detailCode, ...(report.evento.description ? { description: report.evento.description } : {}) } }
        : {})
    }
    return reading
  }
})
