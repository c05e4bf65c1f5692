/**
 * What an RT's archive file name says. Epson names them `<matricola>-<YYYYMMDD>T<hhmmss>-<ZZZZ>-CORRISP.xml`,
 * `…-<ZZZZ>-ESITO-<id>.xml`, `…-<ZZZZ>-ZREPORT.txt`: the matricola (11 characters), the day and
 * the Z. Uploads may carry any name, so every part is optional.
 */
export interface FileNameFacts {
  readonly matricola?: string
  readonly day?: string
  readonly zNumber?: number
}

const MATRICOLA = /^([0-9A-Z]{11})[-_]/
const DAY = /[-_](\d{4})(\d{2})(\d{2})T\d{6}/
const Z_OF_KIND = /(\d{4})-(?:CORRISP|ESITO|ZREPORT)/i

export const factsOfFileName = (name: string | undefined): FileNameFacts => {
  if (!name) return {}
  const matricola = MATRICOLA.exec(name)?.[1]
  const day = DAY.exec(name)
  const z = Z_OF_KIND.exec(name)?.[1]
  return {
    ...(matricola ? { matricola } : {}),
    ...(day ? { day: `${day[1]}-${day[2]}-${day[3]}` } : {}),
    ...(z && Number(z) > 0 ? { zNumber: Number(z) } : {})
  }
}
