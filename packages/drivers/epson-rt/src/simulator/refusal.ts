/**
 * A refused request as the printer reports it: `code` is the fpmate-level reason, `status` the
 * native fiscal error number (e.g. 17 "IMPOSSIBILE ORA", 39 "DOC già ANNULLATO").
 */
export interface Refusal {
  readonly code: string
  readonly status: number
  /** Why, in words, for the simulator's own log and tests; the printer does not send it. */
  readonly reason: string
}

/** A fiscal-firmware error: `code="PRINTER ERROR"` with the native error number. */
export const printerError = (status: number, reason: string): Refusal => ({ code: "PRINTER ERROR", status, reason })

/** No paper or cover open: the printer is offline (native error 3). */
export const offline = (reason: string): Refusal => ({ code: "EPTR_REC_EMPTY", status: 3, reason })

/** Unknown or misplaced sub-element. */
export const invalidCommand = (reason: string): Refusal => ({ code: "Non valid XML command", status: 0, reason })

/** Native error numbers the simulator uses (Epson protocol names). */
export const NativeError = {
  wrongSequence: 11,
  missingData: 12,
  wrongValue: 13,
  unexpected: 16,
  notNow: 17,
  notPossible: 18,
  overValue: 20,
  overLimit: 21,
  checksum: 30,
  alreadyVoided: 39,
  alreadyRefunded: 40,
  referenceIsVoid: 41,
  referenceIsRefund: 42
} as const
