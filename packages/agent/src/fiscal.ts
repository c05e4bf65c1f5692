import { type CalendarDate, type Device, type DriverRegistry, Unsupported, isAdeFile } from "@fisco/core"
import { fiscalFiles, readFiscalFile, zTransmission } from "./device-io.js"
import type { LocalQueue } from "./queue.js"

/**
 * Days of the on-device archive looked at each round: today and the two before, so a Z closed
 * after midnight still gets its files.
 */
export const ARCHIVE_DAYS = 3

/**
 * Days looked at on a device's first round after the agent starts, and every `CATCH_UP_EVERY_MS`:
 * the 12-day legal transmission window and a margin, so an agent (or shop PC) off for a week or two
 * still brings every day's files; listing a day already delivered costs one request and no reads.
 */
export const CATCH_UP_DAYS = 15
export const CATCH_UP_EVERY_MS = 6 * 3_600_000

/** `YYYY-MM-DD` of `at` minus `back` days, in the agent's zone (the shop's, where the device counts its days). */
const localDay = (at: Date, back: number): CalendarDate => new Date(at.getTime() - back * 86_400_000).toLocaleDateString("en-CA")


const unsupported = (error: unknown) => error instanceof Unsupported

export interface FiscalRound {
  readonly queued: number
  /** A fiscal item found the queue full: the caller stops polling (nothing is dropped). */
  readonly full: boolean
}

/**
 * Reads a device's fiscal data into the queue, once each: new archive files (each file keyed by
 * device, day and name) and the transmission state of each Z seen in the archive until it is `sent`
 * (keyed by Z and state, so each change goes out once). A device without the capability answers
 * `Unsupported` and that part is skipped.
 */
export const collectFiscal = async (drivers: DriverRegistry, queue: LocalQueue, device: Device, now: Date = new Date(), days: number = ARCHIVE_DAYS): Promise<FiscalRound> => {
  let queued = 0
  const zs = new Set<number>()
  const push = (key: string, body: Record<string, unknown>): boolean => {
    const outcome = queue.enqueueOnce(key, "fiscal", body)
    if (outcome.queued) queued++
    return !outcome.queued && "full" in outcome
  }
  archive: for (let back = days - 1; back >= 0; back--) {
    const day = localDay(now, back)
    let refs
    try {
      refs = await fiscalFiles(drivers, device, day)
    } catch (error) {
      if (unsupported(error)) break archive
      throw error
    }
    for (const ref of refs) {
      if (ref.kind === "corrispettivi" && ref.zNumber !== undefined) zs.add(ref.zNumber)
      const key = `file:${device.id}:${day}:${ref.name}`
      if (!isAdeFile(ref) || queue.known(key)) continue
      const xml = await readFiscalFile(drivers, device, ref)
      const body = { kind: "fiscal.file", deviceId: device.id, day, fileName: ref.name, fileKind: ref.kind, ...(ref.zNumber === undefined ? {} : { zNumber: ref.zNumber }), xml }
      if (push(key, body)) return { queued, full: true }
    }
  }
  for (const zNumber of [...zs].sort((a, b) => a - b)) {
    if (queue.known(`z:${device.id}:${zNumber}:sent`)) continue
    let status
    try {
      status = await zTransmission(drivers, device, zNumber)
    } catch (error) {
      if (unsupported(error)) break
      throw error
    }
    const body = { kind: "z.transmission", deviceId: device.id, zNumber, observedAt: new Date().toISOString(), ...status }
    if (push(`z:${device.id}:${zNumber}:${status.state}`, body)) return { queued, full: true }
  }
  return { queued, full: false }
}
