/** XML namespaces of the AdE corrispettivi documents (v1.0 XSDs) and of XMLDSig. */
export const NS = {
  /** `CorrispettiviTypes_v1.0.xsd`: the daily data (DatiCorrispettivi, COR10). */
  corrispettivi: "http://ivaservizi.agenziaentrate.gov.it/docs/xsd/corrispettivi/dati/v1.0",
  /** `CorrispettiviMessaggiTypes_v1.0.xsd`: device messages and AdE's EsitoOperazione. */
  messaggi: "http://ivaservizi.agenziaentrate.gov.it/docs/xsd/corrispettivi/v1.0",
  /** `DocCommercialiLotteriaTypes_v1.0.xsd`. */
  lotteria: "http://ivaservizi.agenziaentrate.gov.it/docs/xsd/doccommercialilotteria/v1.0",
  /** `DocCommercialiLotteriaEsitoTypes_v1.0.xsd`. */
  lotteriaEsito: "http://ivaservizi.agenziaentrate.gov.it/docs/xsd/doccommercialilotteria/esito/v1.0",
  dsig: "http://www.w3.org/2000/09/xmldsig#"
} as const

/** Clark notation `{namespace}local`, used in messages so a wrong prefix can never look right. */
export const clark = (namespace: string | null, local: string): string => (namespace ? `{${namespace}}${local}` : local)
