import { printedAmount } from "./amounts.js"
import { fromIsoDate, slashDate } from "./device-time.js"
import type { Closure } from "./fiscal-memory.js"
import type { VatSummary } from "./corrispettivi.js"
import { riepilogoAmounts } from "./corrispettivi.js"

const WIDTH = 46
/** A printed line with the value right-aligned; readers take the last word as the value. */
const line = (label: string, value: string) => `${label}${" ".repeat(Math.max(1, WIDTH - label.length - value.length))}${value}`

/** The text Z report the printer files next to the COR10 (`…-ZREPORT.txt`). */
export const zReportText = (matricola: string, closure: Closure, summaries: ReadonlyArray<VatSummary>): string => {
  const t = closure.totals
  const perVat = summaries.flatMap((s) => {
    const label = "rate" in s.vat ? `IVA ${(s.vat.rate / 100).toFixed(2).replace(".", ",")}%` : `NATURA ${s.vat.natura}`
    const { ammontare, imposta, resi, annulli } = riepilogoAmounts(s)
    return [
      label,
      line("  VENDITE", printedAmount(s.sales)),
      line("  RESI", printedAmount(s.returns)),
      line("  ANNULLI", printedAmount(s.voids)),
      line("  IMPONIBILE", printedAmount(ammontare - resi - annulli)),
      line("  IMPOSTA", printedAmount(imposta ?? 0))
    ]
  })
  return [
    "DOCUMENTO GESTIONALE",
    line("MATRICOLA", matricola),
    line("DATA", `${slashDate(fromIsoDate(closure.date))} ${closure.localDateTime.slice(11, 16)}`),
    line("CHIUSURA GIORNALIERA N.", String(closure.z)),
    ...perVat,
    line("TOTALE VENDITE", printedAmount(t.sales.amount)),
    line("TOTALE RESI", printedAmount(t.refunds.amount)),
    line("TOTALE ANNULLI", printedAmount(t.voids.amount)),
    line("TOTALE GIORNO VENDITE", printedAmount(closure.total)),
    line("NUMERO DOCUMENTI COMMERCIALI", String(closure.documents)),
    line("DOCUMENTI COMMERCIALI", String(t.sales.count)),
    line("DOCUMENTI DI RESO", String(t.refunds.count)),
    line("DOCUMENTI DI ANNULLO", String(t.voids.count)),
    line("NUMERO AZZERAMENTI", String(closure.z)),
    ""
  ].join("\r\n")
}
