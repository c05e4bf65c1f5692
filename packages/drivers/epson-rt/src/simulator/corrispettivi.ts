import { dotAmount, splitGross } from "./amounts.js"
import type { Closure } from "./fiscal-memory.js"
import type { VatAssignment } from "./state.js"
import type { Totals } from "./totals.js"

export const COR10_NS = "http://ivaservizi.agenziaentrate.gov.it/docs/xsd/corrispettivi/dati/v1.0"
export const MESSAGES_NS = "http://ivaservizi.agenziaentrate.gov.it/docs/xsd/corrispettivi/v1.0"

/** One Riepilogo: a VAT rate or Natura with the day's gross sales, returns and voids on it. */
export interface VatSummary {
  readonly vat: VatAssignment
  readonly sales: number
  readonly returns: number
  readonly voids: number
}

const vatKey = (vat: VatAssignment) => ("rate" in vat ? `rate:${vat.rate}` : `natura:${vat.natura}`)

/** Groups a day's department totals by the VAT each department is programmed with. */
export const summariseByVat = (totals: Totals, vatOf: (department: number) => VatAssignment | undefined): ReadonlyArray<VatSummary> => {
  const byVat = new Map<string, VatSummary>()
  for (const [department, t] of totals.departments) {
    const vat = vatOf(department)
    if (!vat) continue
    const current = byVat.get(vatKey(vat)) ?? { vat, sales: 0, returns: 0, voids: 0 }
    byVat.set(vatKey(vat), { vat, sales: current.sales + t.sales, returns: current.returns + t.returns, voids: current.voids + t.voids })
  }
  return [...byVat.values()]
}

/** `cents × basisPoints / 10000` rounded half away from zero to the cent. */
const taxAt = (cents: number, basisPoints: number) => Math.sign(cents) * Math.floor((Math.abs(cents) * basisPoints + 5_000) / 10_000)

/** The amounts of one Riepilogo, in cents. */
export interface RiepilogoAmounts {
  readonly ammontare: number
  readonly imposta?: number
  readonly resi: number
  readonly annulli: number
}

/**
 * What a Riepilogo reports, as the signed device files and the RT test lab's checker have it:
 * `Ammontare` is the taxable base (net of VAT) of everything sold at the rate that day, returns
 * and voids included; `TotaleAmmontareResi` / `TotaleAmmontareAnnulli` are in the same net base;
 * `Imposta` is the tax on what remains: rate × Ammontare − rate × Annulli − rate × Resi, each
 * rounded to the cent (c1.xml, 10%: 30.45 − 13.64 voided → 3.05 − 1.36 = 1.69). So the rate's net
 * takings are Ammontare − Resi − Annulli + Imposta. A Natura has no tax: the amounts are gross.
 */
export const riepilogoAmounts = (s: VatSummary): RiepilogoAmounts => {
  if (!("rate" in s.vat)) return { ammontare: s.sales, resi: s.returns, annulli: s.voids }
  const basisPoints = s.vat.rate
  const net = (gross: number) => splitGross(gross, basisPoints).net
  const [ammontare, resi, annulli] = [net(s.sales), net(s.returns), net(s.voids)]
  return { ammontare, resi, annulli, imposta: taxAt(ammontare, basisPoints) - taxAt(annulli, basisPoints) - taxAt(resi, basisPoints) }
}

const rate = (basisPoints: number) => `${Math.trunc(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, "0")}`
const element = (name: string, value: string) => `<${name}>${value}</${name}>`
const optionalAmount = (name: string, cents: number) => (cents === 0 ? "" : element(name, dotAmount(cents)))

const riepilogo = (s: VatSummary) => {
  const { ammontare, imposta, resi, annulli } = riepilogoAmounts(s)
  const head = "rate" in s.vat ? element("IVA", element("AliquotaIVA", rate(s.vat.rate)) + element("Imposta", dotAmount(imposta ?? 0))) : element("Natura", s.vat.natura)
  return element("Riepilogo", head + element("Ammontare", dotAmount(ammontare)) + optionalAmount("TotaleAmmontareResi", resi) + optionalAmount("TotaleAmmontareAnnulli", annulli))
}

/** An empty day still sends one Riepilogo (the device samples use Natura N4 at 0.00). */
const EMPTY_DAY: VatSummary = { vat: { natura: "N4" }, sales: 0, returns: 0, voids: 0 }

/** Payments of the day's sales: cash (type 0), electronic (2), discount-to-pay (6), tickets (3 and 4). */
const totali = (closure: Closure) => {
  const payments = [...closure.totals.payments.values()]
  const paid = (...types: ReadonlyArray<number>) => payments.filter((p) => types.includes(p.type)).reduce((s, p) => s + p.amount, 0)
  const tickets = payments.filter((p) => p.type === 3 || p.type === 4).reduce((n, p) => n + (p.type === 4 ? p.count * Math.max(1, p.index) : p.count), 0)
  return element(
    "Totali",
    element("NumeroDocCommerciali", String(closure.documents)) +
      optionalAmount("PagatoContanti", paid(0)) +
      optionalAmount("PagatoElettronico", paid(2)) +
      optionalAmount("ScontoApagare", paid(6)) +
      (tickets > 0 ? element("Ticket", element("PagatoTicket", dotAmount(paid(3, 4))) + element("NumeroTicket", String(tickets))) : "")
  )
}

/** The unsigned COR10 DatiCorrispettivi a Z closure sends to AdE. */
export const corrispettiviXml = (closure: Closure, summaries: ReadonlyArray<VatSummary>, training: boolean): string => {
  const inactive = closure.inactive
    ? element("PeriodoInattivo", element("Dal", `${closure.inactive.from}T00:00:00`) + element("Al", `${closure.inactive.to}T23:59:59`))
    : ""
  const rows = (summaries.length > 0 ? summaries : [EMPTY_DAY]).map(riepilogo).join("")
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<p:DatiCorrispettivi xmlns:p="${COR10_NS}" versione="COR10"${training ? ` simulazione="true"` : ""}>` +
    element("Trasmissione", element("Progressivo", String(closure.z)) + element("Formato", "COR10")) +
    inactive +
    element("DataOraRilevazione", closure.localDateTime) +
    element("DatiRT", rows + totali(closure)) +
    `</p:DatiCorrispettivi>`
  )
}

/** The unsigned EsitoOperazione AdE returns for a transmission, with an error when it was rejected. */
export const esitoXml = (idOperazione: string, error?: { readonly code: string; readonly description: string }): string =>
  `<?xml version="1.0" encoding="UTF-8"?>` +
  `<ns3:EsitoOperazione xmlns:ns3="${MESSAGES_NS}" versione="1.0">` +
  element("IdOperazione", idOperazione) +
  (error ? element("Errori", element("Errore", element("Codice", error.code) + element("Descrizione", error.description))) : "") +
  `</ns3:EsitoOperazione>`
