import {
  type Device,
  type DeviceError,
  type Fisco,
  FiscalPrinter,
  type FiscalPrinterShape,
  type TenantScope,
  dayOf,
  isAdeFile,
  isDomainError,
  runDevice
} from "@fisco/core"
import { Effect, type Layer } from "effect"

/** How many device folders (days) a poll looks at besides those of Zs awaiting AdE's outcome: today, the days before it and tomorrow (device clocks run in local time). */
export const ARCHIVE_SYNC_DAYS = 4

/** What one archive sync did. */
export interface ArchiveSyncReport {
  readonly ingested: number
  readonly duplicates: number
  readonly transmissionsRead: number
}

const NOTHING: ArchiveSyncReport = { ingested: 0, duplicates: 0, transmissionsRead: 0 }

const daysEndingTomorrow = (now: Date, count: number): ReadonlyArray<string> =>
  Array.from({ length: count + 1 }, (_, i) => dayOf(new Date(now.getTime() + (1 - i) * 86_400_000)))

/**
 * Brings a directly reachable RT's archive into the server's: lists the device folders of the last
 * few days and of every Z still awaiting AdE's outcome (its ESITO lands in the Z's folder, however
 * late), ingests the CORRISP, ESITO and event files it does not hold yet (by name, so nothing is
 * downloaded when nothing is new), then asks the device (`zTransmission`) about each Z still
 * queued. Drivers without `fiscal-archive` / `z-transmission` are skipped. `now` is the poll's time.
 */
export const syncDeviceArchive = async (fisco: Fisco, scope: TenantScope, device: Device, now: Date): Promise<ArchiveSyncReport> => {
  // A device behind an agent gets its files through the agent.
  if (!fisco.corrispettivi.verifies || device.connectivity === "agent" || (device.kind !== "rt-printer" && device.kind !== "rt-server")) return NOTHING
  const driver = fisco.drivers.get(device.driver.id)
  const capabilities: ReadonlyArray<string> = driver?.capabilities ?? []
  if (!capabilities.includes("fiscal-archive") && !capabilities.includes("z-transmission")) return NOTHING
  const layer = fisco.drivers.layerFor(device) as Layer.Layer<FiscalPrinter, DeviceError>
  const printer = <A>(use: (p: FiscalPrinterShape) => Effect.Effect<A, DeviceError>) => runDevice(Effect.flatMap(FiscalPrinter, use).pipe(Effect.provide(layer)))

  let ingested = 0
  let duplicates = 0
  const awaiting = await fisco.corrispettivi.transmissions.awaitingOutcome(scope, device.id)
  if (capabilities.includes("fiscal-archive")) {
    const days = new Set([...daysEndingTomorrow(now, ARCHIVE_SYNC_DAYS), ...awaiting.flatMap((t) => (t.day ? [t.day] : []))])
    for (const day of days) {
      const listed = (await printer((p) => p.fiscalFiles(day))).filter(isAdeFile)
      if (listed.length === 0) continue
      const held = new Set<string>()
      for (let page = await fisco.corrispettivi.list(scope, { deviceId: device.id, from: day, to: day }, { limit: 100 }); ; ) {
        for (const f of page.data) if (f.fileName) held.add(f.fileName)
        if (!page.hasMore) break
        page = await fisco.corrispettivi.list(scope, { deviceId: device.id, from: day, to: day }, { limit: 100, startingAfter: page.data.at(-1)!.id })
      }
      for (const ref of listed.filter((f) => !held.has(f.name))) {
        const xml = await printer((p) => p.readFiscalFile(ref))
        try {
          const result = await fisco.corrispettivi.ingest(scope, { deviceId: device.id, source: "poll", fileName: ref.name, day, xml })
          if (result.duplicate) duplicates++
          else ingested++
        } catch (error) {
          // A file the archive cannot read at all (not an AdE document) is left on the device.
          if (!(isDomainError(error) && error.code === "unreadable_document")) throw error
        }
      }
    }
  }
  let transmissionsRead = 0
  if (capabilities.includes("z-transmission")) {
    for (const queued of (await fisco.corrispettivi.transmissions.awaitingOutcome(scope, device.id)).filter((t) => t.state === "queued")) {
      const status = await printer((p) => p.zTransmission(queued.zNumber))
      await fisco.corrispettivi.transmissions.recordZTransmission(scope, device, queued.zNumber, status)
      transmissionsRead++
    }
    if (transmissionsRead > 0) await fisco.corrispettivi.checkDevice(scope, device)
  }
  return { ingested, duplicates, transmissionsRead }
}
