import { type DigestSkip, type DigestSource, type DistributionList, type MailMessage, type Mailer, type MailReceipt, prepareDigest } from "@fisco/core"

export type DigestOutcome =
  | { readonly sent: MailMessage; readonly receipt: MailReceipt; readonly alarmCount: number }
  | { readonly skipped: DigestSkip }

/**
 * Sends a list's digest now: selects the alarms its filters let through, renders them, resolves
 * the recipients and mails them. Returns what was sent, or why nothing was (`empty`, `no-recipients`).
 * Fails with the mailer's `MailError` when nothing was delivered.
 */
export const sendDigest = async (mailer: Mailer, list: DistributionList, source: DigestSource): Promise<DigestOutcome> => {
  const prepared = prepareDigest(list, source)
  if ("skipped" in prepared) return prepared
  const receipt = await mailer.send(prepared.message)
  return { sent: prepared.message, receipt, alarmCount: prepared.alarmCount }
}
