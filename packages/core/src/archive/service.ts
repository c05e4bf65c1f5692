import { Schema } from "effect"
import type { AlarmRaise } from "../domain/alarm.js"
import {
  type CorrispettiviFile,
  type CorrispettiviFilter,
  CorrispettiviSource,
  type CorrispettiviVatRow,
  type DeviceDailyVatTotal,
  type EsitoOutcome,
  type FileVerification,
  type Transmission,
  type TransmissionFilter
} from "../domain/corrispettivi.js"
import type { Device } from "../domain/device.js"
import type { DeviceStatus } from "../domain/device-status.js"
import { type AlarmId, CalendarDate, type CorrispettiviFileId, DeviceId, IdPrefix, type TransmissionId, newId } from "../domain/ids.js"
import type { TenantScope } from "../domain/tenant.js"
import type { ZTransmissionStatus } from "../drivers/fiscal-printer.js"
import { InvalidInput, NotFound, UnreadableDocument, Unsupported } from "../errors.js"
import type { AdeOutcomeSource } from "../ports/ade-outcome-source.js"
import type { ThresholdsSource } from "../monitor/monitor.js"
import { type MonitorThresholds, resolveThresholds } from "../monitor/thresholds.js"
import type { CorrispettiviReading, CorrispettiviVerifier } from "../ports/corrispettivi-verifier.js"
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type Page, type PageRequest } from "../ports/page.js"
import type { Repositories, Store } from "../ports/store.js"
import type { Clock } from "../services/clock.js"
import { decodeInput } from "../validation.js"
import { ARCHIVE_RULES, evaluateArchive } from "./archive-rules.js"
import { dayIn, dayOf } from "./days.js"
import { factsOfFileName } from "./file-names.js"
import { sha256Hex } from "./sha256.js"
import { type TransmissionEvidence, applyEvidence } from "./transmission-evidence.js"

/** What `ingest` takes: the raw XML, where it came from and, when known, its device, file name and folder day. */
export const CorrispettiviIngestInput = Schema.Struct({
  deviceId: Schema.optional(DeviceId),
  source: CorrispettiviSource,
  fileName: Schema.optional(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(255))),
  /** The device folder the file was read from (`/www/dati-rt/YYYYMMDD/`). */
  day: Schema.optional(CalendarDate),
  xml: Schema.String.pipe(Schema.minLength(1, { message: () => "is required" }), Schema.maxLength(2_000_000))
}).annotations({ identifier: "CorrispettiviIngestInput" })
export type CorrispettiviIngestInput = typeof CorrispettiviIngestInput.Type

export interface IngestResult {
  readonly file: CorrispettiviFile
  /** True when the tenant already held this exact file (same SHA-256): nothing was written. */
  readonly duplicate: boolean
  readonly transmission?: Transmission
}

/** Alarm types of the archive (device-level types are `${deviceId}:${type}` deduped; per-file ones add the file or Z). */
export const ARCHIVE_ALARMS = {
  rejected: "transmission.rejected",
  unverified: "corrispettivi.unverified",
  inactivity: "inactivity.declared"
} as const

/** Event detail code for "warehouse / inactivity period" (FUORI_SERVIZIO 00608). */
const INACTIVITY_EVENT = "00608"

export interface CorrispettiviService {
  /** Whether a verifier is configured: without one nothing can be archived (and device syncs are skipped). */
  readonly verifies: boolean
  /**
   * Archives one AdE file (corrispettivi, ESITO or device event): verifies it, stores it once per
   * tenant by SHA-256 (a re-delivery returns the stored file with `duplicate: true` and changes
   * nothing), indexes its VAT summaries, updates the Z's transmission record and raises the
   * archive's alarms. A file that reads but fails its checks is kept and marked `failed`; text
   * that is not an AdE document fails with `UnreadableDocument`.
   */
  ingest(scope: TenantScope, input: unknown): Promise<IngestResult>
  get(scope: TenantScope, id: CorrispettiviFileId): Promise<CorrispettiviFile>
  /** The file and its raw XML, byte for byte as received. */
  xml(scope: TenantScope, id: CorrispettiviFileId): Promise<{ readonly file: CorrispettiviFile; readonly xml: string }>
  list(scope: TenantScope, filter?: CorrispettiviFilter, page?: Partial<PageRequest>): Promise<Page<CorrispettiviFile>>
  vatRows(scope: TenantScope, filter: CorrispettiviFilter): Promise<ReadonlyArray<CorrispettiviVatRow>>
  dailyTotals(scope: TenantScope, query: { readonly deviceId?: DeviceId; readonly from: string; readonly to: string }): Promise<ReadonlyArray<DeviceDailyVatTotal>>
  readonly transmissions: {
    list(scope: TenantScope, filter?: TransmissionFilter, page?: Partial<PageRequest>): Promise<Page<Transmission>>
    /** Records what the device says of Z `zNumber` (directIO 9217 / `zTransmission`). */
    recordZTransmission(scope: TenantScope, device: Device, zNumber: number, status: ZTransmissionStatus, day?: string): Promise<Transmission | undefined>
    /**
     * Asks AdE directly (the `AdeOutcomeSource` given to `createFisco`) for the outcomes of the
     * device's transmissions between two days, and applies them as ESITO files would be. Fails with
     * `Unsupported` when no source is configured (the default).
     */
    fromAde(scope: TenantScope, device: Device, period: { readonly from: string; readonly to: string }): Promise<ReadonlyArray<Transmission>>
    /** A device's Zs still waiting for AdE's outcome (queued or sent), oldest first: the ones worth asking the device about. */
    awaitingOutcome(scope: TenantScope, deviceId: DeviceId): Promise<ReadonlyArray<Transmission>>
  }
  /**
   * After a status reading: the RT file counters, then the time-based archive rules. The monitor
   * passes the thresholds it resolved for the reading, so both judge with the tenant's values.
   */
  onStatus(scope: TenantScope, device: Device, status: DeviceStatus, thresholds?: MonitorThresholds): Promise<void>
  /** The time-based rules (no Z, no transmission, 12-day deadline) for one device. */
  checkDevice(scope: TenantScope, device: Device, thresholds?: MonitorThresholds): Promise<void>
}

export interface CorrispettiviServiceOptions {
  readonly store: Store
  readonly clock: Clock
  readonly verifier?: CorrispettiviVerifier
  readonly thresholds?: ThresholdsSource
  /** Off unless a host supplies one: Fisco ships no client of AdE's portal. */
  readonly adeOutcomeSource?: AdeOutcomeSource
  /** Called once per newly archived file, after its alarms (the quadratura runs for a day's corrispettivi from here). */
  readonly onArchived?: (scope: TenantScope, file: CorrispettiviFile) => Promise<void>
}

const clampPage = (page: Partial<PageRequest> = {}): PageRequest => {
  const limit = page.limit ?? DEFAULT_PAGE_LIMIT
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) throw new InvalidInput({ issues: [{ path: "limit", message: `must be an integer between 1 and ${MAX_PAGE_LIMIT}` }] })
  return page.startingAfter === undefined ? { limit } : { limit, startingAfter: page.startingAfter }
}

const verificationOf = (reading: CorrispettiviReading): FileVerification => ({
  state: reading.problems.length === 0 ? "verified" : "failed",
  xsdValid: reading.xsdValid,
  signatureValid: reading.signatureValid,
  ...(reading.signerCn === undefined ? {} : { signerCn: reading.signerCn }),
  ...(reading.signerMatchesMatricola === undefined ? {} : { signerMatchesMatricola: reading.signerMatchesMatricola }),
  ...(reading.totalsConsistent === undefined ? {} : { totalsConsistent: reading.totalsConsistent }),
  problems: reading.problems
})

export const createCorrispettiviService = (options: CorrispettiviServiceOptions): CorrispettiviService => {
  const { store, clock } = options
  const now = () => clock().toISOString()
  const thresholdsFor = async (scope: TenantScope): Promise<MonitorThresholds> => {
    const source = options.thresholds
    return resolveThresholds(typeof source === "function" ? await source(scope) : source)
  }

  const raise = (scope: TenantScope, device: Device | undefined, alarm: Omit<AlarmRaise, "deviceId" | "siteId">) =>
    store.alarms.raise(scope, {
      ...alarm,
      ...(device ? { deviceId: device.id, siteId: device.siteId } : {}),
      id: newId(IdPrefix.alarm) as AlarmId,
      at: now()
    })
  const clear = (scope: TenantScope, dedupeKey: string) => store.alarms.clear(scope, dedupeKey, now())

  const deviceBySerial = async (scope: TenantScope, serial: string | undefined): Promise<Device | undefined> => {
    if (!serial) return undefined
    const { data } = await store.devices.list(scope, { serial }, { limit: 2 })
    return data.length === 1 ? data[0] : undefined
  }

  const applyTo = async (repos: Repositories, scope: TenantScope, device: Device, zNumber: number, evidence: TransmissionEvidence): Promise<Transmission | undefined> => {
    const current = await repos.transmissions.get(scope, device.id, zNumber)
    const key = { id: current?.id ?? (newId(IdPrefix.transmission) as TransmissionId), tenantId: scope.tenantId, livemode: scope.livemode, deviceId: device.id, zNumber }
    const next = applyEvidence(current, key, evidence, now())
    return next ? repos.transmissions.save(scope, next) : current
  }

  const checkDevice = async (scope: TenantScope, device: Device, given?: MonitorThresholds): Promise<void> => {
    const [lastFile, lastTransmission, lastEvent] = await Promise.all([
      store.corrispettivi.lastDay(scope, device.id, "corrispettivi"),
      store.transmissions.latest(scope, device.id, ["queued", "sent", "accepted", "rejected"]),
      store.corrispettivi.lastDay(scope, device.id, "evento")
    ])
    const days = [lastFile?.day, lastTransmission?.day].filter((d): d is string => d !== undefined).sort()
    const lastZDay = days.at(-1)
    // A device that never closed a day has nothing the archive rules could judge.
    if (lastZDay === undefined && lastTransmission === undefined) return
    const untransmitted = await store.transmissions.ofDevice(scope, device.id, ["queued", "rejected"])
    const inactive = lastEvent?.event?.detailCode === INACTIVITY_EVENT && (lastZDay === undefined || (lastEvent.day ?? "") >= lastZDay)
    const thresholds = given ?? (await thresholdsFor(scope))
    // "Today" is the shop's fiscal day, in its site's zone (Italian RTs count days in Rome time).
    const site = await store.sites.get(scope, device.siteId)
    const today = site ? dayIn(clock(), site.timezone) : dayOf(clock())
    const verdicts = evaluateArchive({ today, ...(lastZDay ? { lastZDay } : {}), inactive, untransmitted }, thresholds)
    for (const verdict of verdicts) {
      const dedupeKey = `${device.id}:${verdict.rule}`
      if (verdict.firing) await raise(scope, device, { type: verdict.rule, severity: ARCHIVE_RULES[verdict.rule], dedupeKey, message: verdict.message, details: verdict.details })
      else await clear(scope, dedupeKey)
    }
  }

  /** AdE's verdict on a transmission: a rejection raises one alarm per Z (per transmission when the Z is unknown); an acceptance clears it. */
  const outcomeAlarm = async (scope: TenantScope, device: Device | undefined, owner: string, esito: EsitoOutcome, zNumber: number | undefined, fileId?: CorrispettiviFileId) => {
    const dedupeKey = `${owner}:${ARCHIVE_ALARMS.rejected}:${zNumber ?? esito.operationId}`
    if (esito.outcome !== "rejected") {
      await clear(scope, dedupeKey)
      return
    }
    const first = esito.errors[0]
    await raise(scope, device, {
      type: ARCHIVE_ALARMS.rejected,
      severity: "critical",
      dedupeKey,
      message: `AdE rejected ${zNumber === undefined ? `transmission ${esito.operationId}` : `the corrispettivi of Z ${zNumber}`}: ${first ? `${first.code} ${first.description}` : "no reason given"}`,
      details: {
        ...(fileId ? { fileId } : {}),
        transmissionId: esito.operationId,
        ...(zNumber === undefined ? {} : { zNumber }),
        ...(first ? { adeCode: first.code, adeDescription: first.description } : {}),
        errors: esito.errors
      }
    })
  }

  /** The per-file alarms: a failed check, AdE's rejection (or its acceptance, which clears it), a declared inactivity. */
  const fileAlarms = async (scope: TenantScope, device: Device | undefined, file: CorrispettiviFile) => {
    const owner = device?.id ?? file.matricola ?? "unknown-device"
    if (file.verification.state === "failed") {
      await raise(scope, device, {
        type: ARCHIVE_ALARMS.unverified,
        severity: "critical",
        dedupeKey: `${owner}:${ARCHIVE_ALARMS.unverified}:${file.id}`,
        message: `${file.kind} file ${file.fileName ?? file.id} failed verification: ${file.verification.problems[0] ?? ""}`,
        details: { fileId: file.id, sha256: file.sha256, problems: file.verification.problems }
      })
    }
    if (file.esito) await outcomeAlarm(scope, device, owner, file.esito, file.zNumber, file.id)
    if (!device) return
    const inactivityKey = `${device.id}:${ARCHIVE_ALARMS.inactivity}`
    if (file.event?.detailCode === INACTIVITY_EVENT || file.inactivePeriod) {
      const period = file.inactivePeriod ? `from ${file.inactivePeriod.from} to ${file.inactivePeriod.to}` : `since ${file.event!.at}`
      await raise(scope, device, {
        type: ARCHIVE_ALARMS.inactivity,
        severity: "info",
        dedupeKey: inactivityKey,
        message: `the device declared an inactivity period ${period}`,
        details: { fileId: file.id, ...(file.inactivePeriod ? { inactivePeriod: file.inactivePeriod } : {}), ...(file.event ? { event: file.event } : {}) }
      })
    } else if (file.kind === "corrispettivi") await clear(scope, inactivityKey)
  }

  const ingest = async (scope: TenantScope, raw: unknown): Promise<IngestResult> => {
    const input = decodeInput(CorrispettiviIngestInput, raw)
    const sha256 = await sha256Hex(input.xml)
    const existing = await store.corrispettivi.findBySha256(scope, sha256)
    if (existing) return { file: existing, duplicate: true }
    const named = factsOfFileName(input.fileName)
    let device: Device | undefined
    if (input.deviceId) {
      device = await store.devices.get(scope, input.deviceId)
      if (!device) throw new InvalidInput({ issues: [{ path: "deviceId", message: `no device ${input.deviceId} in this tenant` }] })
    }
    if (!options.verifier) throw new UnreadableDocument({ issues: [{ path: "xml", message: "this Fisco instance has no corrispettivi verifier configured" }] })
    const reading = await options.verifier.verify(input.xml, device ? { expectedMatricola: device.serial } : {})
    if (reading.kind === "unknown") throw new UnreadableDocument({ issues: [{ path: "xml", message: "not a corrispettivi file, AdE outcome (ESITO) or device event" }] })
    const deviceSigned = reading.kind !== "esito"
    const matricola = (deviceSigned ? reading.signerCn : undefined) ?? named.matricola ?? device?.serial
    device ??= await deviceBySerial(scope, matricola)

    const day = reading.corrispettivi?.day ?? input.day ?? named.day ?? reading.evento?.at.slice(0, 10)
    const at = now()
    const id = newId(IdPrefix.corrispettiviFile) as CorrispettiviFileId
    let zNumber = named.zNumber
    if (zNumber === undefined && reading.esito && device) zNumber = (await store.transmissions.findByTransmissionId(scope, device.id, reading.esito.operationId))?.zNumber
    const file: CorrispettiviFile = {
      id,
      tenantId: scope.tenantId,
      livemode: scope.livemode,
      ...(device ? { deviceId: device.id } : {}),
      ...(matricola ? { matricola } : {}),
      kind: reading.kind,
      ...(day ? { day } : {}),
      ...(zNumber === undefined ? {} : { zNumber }),
      ...(input.fileName ? { fileName: input.fileName } : {}),
      source: input.source,
      sha256,
      size: new TextEncoder().encode(input.xml).length,
      ...(reading.corrispettivi ? { simulation: reading.corrispettivi.simulation } : {}),
      verification: verificationOf(reading),
      ...(reading.esito ? { esito: reading.esito } : {}),
      ...(reading.corrispettivi?.inactivePeriod ? { inactivePeriod: reading.corrispettivi.inactivePeriod } : {}),
      ...(reading.evento ? { event: reading.evento } : {}),
      receivedAt: at,
      createdAt: at
    }
    const rows: ReadonlyArray<CorrispettiviVatRow> = (reading.corrispettivi?.perVat ?? []).map((v) => ({
      fileId: id,
      ...(device ? { deviceId: device.id } : {}),
      ...(matricola ? { matricola } : {}),
      day: reading.corrispettivi!.day,
      ...(zNumber === undefined ? {} : { zNumber }),
      ...(v.vat ? { vat: v.vat } : {}),
      amount: v.amount,
      tax: v.tax,
      returns: v.returns,
      voids: v.voids
    }))

    const result = await store.transaction(async (tx) => {
      const added = await tx.corrispettivi.add(scope, file, input.xml, rows)
      if (!added.created || !device || zNumber === undefined) return { file: added.file, duplicate: !added.created }
      const evidence: TransmissionEvidence | undefined =
        file.kind === "corrispettivi"
          ? { kind: "corrispettivi", fileId: id, ...(day ? { day } : {}) }
          : file.esito
            ? { kind: "esito", fileId: id, esito: file.esito, ...(day ? { day } : {}) }
            : undefined
      const transmission = evidence ? await applyTo(tx, scope, device, zNumber, evidence) : undefined
      return { file: added.file, duplicate: false, ...(transmission ? { transmission } : {}) }
    })
    if (result.duplicate) return result
    await fileAlarms(scope, device, result.file)
    if (device) await checkDevice(scope, device)
    await options.onArchived?.(scope, result.file)
    return result
  }

  return {
    verifies: options.verifier !== undefined,
    ingest,
    get: async (scope, id) => {
      const file = await store.corrispettivi.get(scope, id)
      if (!file) throw new NotFound({ entity: "corrispettivi file", id })
      return file
    },
    xml: async (scope, id) => {
      const [file, xml] = await Promise.all([store.corrispettivi.get(scope, id), store.corrispettivi.xml(scope, id)])
      if (!file || xml === undefined) throw new NotFound({ entity: "corrispettivi file", id })
      return { file, xml }
    },
    list: (scope, filter = {}, page) => store.corrispettivi.list(scope, filter, clampPage(page)),
    vatRows: (scope, filter) => store.corrispettivi.vatRows(scope, filter),
    dailyTotals: (scope, query) => {
      const dates = decodeInput(Schema.Struct({ from: CalendarDate, to: CalendarDate }), { from: query.from, to: query.to })
      return store.corrispettivi.dailyTotals(scope, { ...dates, ...(query.deviceId ? { deviceId: query.deviceId } : {}) })
    },
    transmissions: {
      list: (scope, filter = {}, page) => store.transmissions.list(scope, filter, clampPage(page)),
      recordZTransmission: async (scope, device, zNumber, status, day) => {
        const transmission = await store.transaction((tx) => applyTo(tx, scope, device, zNumber, { kind: "z-transmission", status }))
        if (transmission && day !== undefined && transmission.day === undefined) return store.transmissions.save(scope, { ...transmission, day, updatedAt: now() })
        return transmission
      },
      fromAde: async (scope, device, period) => {
        const source = options.adeOutcomeSource
        if (!source) throw new Unsupported({ driver: "ade-outcome-source", capability: "ade-outcomes" })
        const dates = decodeInput(Schema.Struct({ from: CalendarDate, to: CalendarDate }), { from: period.from, to: period.to })
        const updated: Transmission[] = []
        for (const outcome of await source.outcomes(scope, { matricola: device.serial, ...dates })) {
          const known = await store.transmissions.findByTransmissionId(scope, device.id, outcome.operationId)
          if (!known) continue
          const esito: EsitoOutcome = { operationId: outcome.operationId, outcome: outcome.outcome, errors: outcome.errors }
          const saved = await store.transaction((tx) => applyTo(tx, scope, device, known.zNumber, { kind: "esito", esito }))
          if (saved && saved.updatedAt !== known.updatedAt) updated.push(saved)
          await outcomeAlarm(scope, device, device.id, esito, known.zNumber)
        }
        await checkDevice(scope, device)
        return updated
      },
      awaitingOutcome: (scope, deviceId) => store.transmissions.ofDevice(scope, deviceId, ["queued", "sent"])
    },
    onStatus: async (scope, device, status, thresholds) => {
      // "N files to send" while more Zs are queued here: the oldest others have left the device.
      const pending = status.conditions.find((c) => c.code === "files.pending")
      const count = typeof pending?.data?.["count"] === "number" ? (pending.data["count"] as number) : undefined
      if (count !== undefined) {
        const queued = await store.transmissions.ofDevice(scope, device.id, ["queued"])
        for (const t of queued.slice(0, Math.max(0, queued.length - count))) {
          await store.transaction((tx) => applyTo(tx, scope, device, t.zNumber, { kind: "nothing-pending" }))
        }
      }
      await checkDevice(scope, device, thresholds)
    },
    checkDevice
  }
}
