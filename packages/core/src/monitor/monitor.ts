import type { Alarm } from "../domain/alarm.js"
import type { Device } from "../domain/device.js"
import type { DeviceStatus } from "../domain/device-status.js"
import type { TenantScope } from "../domain/tenant.js"
import type { DeviceError } from "../errors.js"
import { MAX_PAGE_LIMIT } from "../ports/page.js"
import { type Clock, systemClock } from "../services/clock.js"
import type { Fisco } from "../services/fisco.js"
import { CENSUS_ALARMS, censusExpired, censusNotices, isFirstReading, missingDevices, unknownDeviceKey } from "./census.js"
import { openDayRun } from "./day-closure.js"
import { evaluateDevice, historyWindow } from "./evaluate.js"
import { type HealthRule, dedupeKeyOf } from "./health-rule.js"
import { HEALTH_RULES } from "./rules.js"
import { type MonitorThresholds, type MonitorThresholdsOverride, resolveThresholds } from "./thresholds.js"
import { isNoAnswer, unreachableStatus } from "./unreachable.js"

/** A tenant's threshold overrides, or where to look them up (the server reads them from `Store.tenantSettings`). */
export type ThresholdsSource = MonitorThresholdsOverride | ((scope: TenantScope) => MonitorThresholdsOverride | Promise<MonitorThresholdsOverride>)

export interface MonitorOptions {
  readonly fisco: Fisco
  readonly thresholds?: ThresholdsSource
  readonly rules?: ReadonlyArray<HealthRule>
  /**
   * Apply the fleet census after each reading (new device, serial and firmware changes; see
   * `census.ts`). Off by default so a bare monitor raises health alarms only; the server turns it on.
   */
  readonly census?: boolean
  /** Stamps the readings of failed polls; pass the same clock as the Fisco instance. */
  readonly clock?: Clock
}

export interface MonitorOutcome {
  readonly raised: ReadonlyArray<Alarm>
  readonly cleared: ReadonlyArray<Alarm>
}

export interface Monitor {
  /**
   * Applies the health rules after a poll: `reading` is the status just recorded, or the poll's
   * failure. A failure with no answer (unreachable, timeout) is recorded as an `unreachable` reading
   * first; other device errors are not evidence either way and change nothing.
   */
  onReading(scope: TenantScope, device: Device, reading: DeviceStatus | DeviceError): Promise<MonitorOutcome>
  /**
   * A reading or a file arrived for a matricola no device of the tenant is registered with (the
   * agent and the archive report it): raises one `device.unknown` alarm per matricola.
   */
  reportUnknownDevice(scope: TenantScope, report: UnknownDeviceReport): Promise<Alarm>
  /**
   * The tenant-level census, run periodically: raises `device.missing` for silent devices, clears it
   * for those reporting again, and clears census notices that were acknowledged or expired.
   */
  sweepCensus(scope: TenantScope): Promise<MonitorOutcome>
}

export interface UnknownDeviceReport {
  readonly matricola: string
  /** Who saw it: "agent", "archive", "poll"… */
  readonly source: string
}

const NOTHING: MonitorOutcome = { raised: [], cleared: [] }

export const createMonitor = (options: MonitorOptions): Monitor => {
  const { fisco } = options
  const rules = options.rules ?? HEALTH_RULES
  const clock = options.clock ?? systemClock
  const thresholdsFor = async (scope: TenantScope): Promise<MonitorThresholds> => {
    const source = options.thresholds
    return resolveThresholds(typeof source === "function" ? await source(scope) : source)
  }

  /** Walks back through the history only while the open day could still be older than the limit. */
  const dayOpenSince = async (scope: TenantScope, device: Device, recent: ReadonlyArray<DeviceStatus>, hasMore: boolean, maxHours: number) => {
    const readings = [...recent]
    let more = hasMore
    let run = openDayRun(readings)
    const limit = Date.parse(readings[0]!.observedAt) - maxHours * 3_600_000
    while (!run.ended && more && run.since !== undefined && Date.parse(run.since) > limit) {
      const page = await fisco.store.deviceStatuses.history(scope, device.id, { limit: MAX_PAGE_LIMIT, startingAfter: readings[readings.length - 1]!.observedAt })
      readings.push(...page.data)
      more = page.hasMore
      run = openDayRun(readings)
    }
    return run.since
  }

  const openAlarms = async (scope: TenantScope, device: Device): Promise<ReadonlyArray<Alarm>> => {
    const [raised, acknowledged] = await Promise.all(
      (["raised", "acknowledged"] as const).map((state) => fisco.alarms.list(scope, { deviceId: device.id, state }, { limit: MAX_PAGE_LIMIT }))
    )
    return [...raised!.data, ...acknowledged!.data]
  }

  const allDevices = async (scope: TenantScope): Promise<ReadonlyArray<Device>> => {
    const devices: Device[] = []
    let startingAfter: string | undefined
    for (;;) {
      const page = await fisco.devices.list(scope, {}, { limit: MAX_PAGE_LIMIT, ...(startingAfter ? { startingAfter } : {}) })
      devices.push(...page.data)
      if (!page.hasMore || page.data.length === 0) return devices
      startingAfter = page.data[page.data.length - 1]!.id
    }
  }

  /** Clears the open census notices that were acknowledged or have expired (never one raised just now). */
  const expireNotices = async (scope: TenantScope, open: ReadonlyArray<Alarm>, thresholds: MonitorThresholds, justRaised: ReadonlySet<string>) => {
    const cleared: Alarm[] = []
    for (const alarm of open) {
      if (justRaised.has(alarm.dedupeKey) || !censusExpired(alarm, clock(), thresholds)) continue
      const done = await fisco.alarms.clear(scope, alarm.dedupeKey)
      if (done) cleared.push(done)
    }
    return cleared
  }

  /** Census after a reading: notices for a first reading or a changed serial/firmware, and what a reading ends. */
  const applyCensus = async (
    scope: TenantScope,
    device: Device,
    readings: ReadonlyArray<DeviceStatus>,
    complete: boolean,
    thresholds: MonitorThresholds,
    justRaised: ReadonlySet<string>,
    /** The device's alarms open before this reading was judged. */
    open: ReadonlyArray<Alarm>
  ): Promise<MonitorOutcome> => {
    const raised: Alarm[] = []
    const cleared: Alarm[] = []
    const newest = readings[0]!
    for (const notice of censusNotices(readings, complete)) {
      raised.push(
        await fisco.alarms.raise(scope, {
          ...notice,
          dedupeKey: `${device.id}:${notice.type}`,
          deviceId: device.id,
          siteId: device.siteId,
          details: { ...notice.details, observedAt: newest.observedAt }
        })
      )
    }
    const missingKey = `${device.id}:${CENSUS_ALARMS.missing}`
    if (open.some((a) => a.dedupeKey === missingKey)) {
      const alarm = await fisco.alarms.clear(scope, missingKey)
      if (alarm) cleared.push(alarm)
    }
    // Registered and reporting: the matricola is no longer unknown.
    if (isFirstReading(readings, complete)) {
      const alarm = await fisco.alarms.clear(scope, unknownDeviceKey(device.serial))
      if (alarm) cleared.push(alarm)
    }
    const fresh = new Set([...justRaised, ...raised.map((a) => a.dedupeKey)])
    cleared.push(...(await expireNotices(scope, open, thresholds, fresh)))
    return { raised, cleared }
  }

  return {
    onReading: async (scope, device, reading) => {
      if ("_tag" in reading) {
        if (!isNoAnswer(reading)) return NOTHING
        await fisco.store.deviceStatuses.record(scope, unreachableStatus(device.id, reading, clock().toISOString()))
      }
      const thresholds = await thresholdsFor(scope)
      const window = Math.min(MAX_PAGE_LIMIT, 2 * historyWindow(rules, thresholds) + 8)
      const history = await fisco.store.deviceStatuses.history(scope, device.id, { limit: window })
      if (history.data.length === 0) return NOTHING
      const since = await dayOpenSince(scope, device, history.data, history.hasMore, thresholds.dayOpenMaxHours)
      const decisions = evaluateDevice({ readings: history.data, thresholds, rules, ...(since ? { dayOpenSince: since } : {}) })
      const openBefore = await openAlarms(scope, device)
      const open = new Set(openBefore.map((a) => a.dedupeKey))
      const raised: Alarm[] = []
      const cleared: Alarm[] = []
      for (const decision of decisions) {
        const dedupeKey = dedupeKeyOf(device.id, decision.rule)
        if (decision.action === "raise") {
          raised.push(
            await fisco.alarms.raise(scope, {
              type: decision.rule.id,
              severity: decision.rule.severity,
              dedupeKey,
              message: decision.verdict.message,
              deviceId: device.id,
              siteId: device.siteId,
              details: { ...decision.verdict.details, observedAt: history.data[0]!.observedAt }
            })
          )
        } else if (decision.action === "clear" && open.has(dedupeKey)) {
          const alarm = await fisco.alarms.clear(scope, dedupeKey)
          if (alarm) cleared.push(alarm)
        }
      }
      // The archive's own rules (RT file counters, no Z, transmission deadlines) ride on the same reading.
      if (!("_tag" in reading)) await fisco.corrispettivi.onStatus(scope, device, reading, thresholds)
      if (!options.census) return { raised, cleared }
      const census = await applyCensus(scope, device, history.data, !history.hasMore, thresholds, new Set(raised.map((a) => a.dedupeKey)), openBefore)
      return { raised: [...raised, ...census.raised], cleared: [...cleared, ...census.cleared] }
    },
    reportUnknownDevice: (scope, { matricola, source }) =>
      fisco.alarms.raise(scope, {
        type: CENSUS_ALARMS.unknown,
        severity: "warning",
        dedupeKey: unknownDeviceKey(matricola),
        message: `data received for matricola ${matricola}, which no registered device has`,
        details: { matricola, source, observedAt: clock().toISOString() }
      }),
    sweepCensus: async (scope) => {
      const thresholds = await thresholdsFor(scope)
      const now = clock()
      const devices = await allDevices(scope)
      const sightings = await Promise.all(
        devices.map(async (device) => {
          const latest = await fisco.store.deviceStatuses.latest(scope, device.id)
          return { deviceId: device.id, registeredAt: device.createdAt, ...(latest ? { lastReadingAt: latest.observedAt } : {}) }
        })
      )
      const missing = missingDevices(sightings, now, thresholds)
      const raised: Alarm[] = []
      const cleared: Alarm[] = []
      for (const device of devices) {
        const key = `${device.id}:${CENSUS_ALARMS.missing}`
        const open = await openAlarms(scope, device)
        if (missing?.has(device.id)) {
          if (!open.some((a) => a.dedupeKey === key)) {
            const hours = thresholds.missingDeviceHours
            raised.push(
              await fisco.alarms.raise(scope, {
                type: CENSUS_ALARMS.missing,
                severity: "warning",
                dedupeKey: key,
                message: `no reading for ${hours} h or more while the other devices report`,
                deviceId: device.id,
                siteId: device.siteId,
                details: { lastReadingAt: sightings.find((s) => s.deviceId === device.id)?.lastReadingAt ?? null, hours }
              })
            )
          }
        } else if (missing && open.some((a) => a.dedupeKey === key)) {
          const alarm = await fisco.alarms.clear(scope, key)
          if (alarm) cleared.push(alarm)
        }
        cleared.push(...(await expireNotices(scope, open, thresholds, new Set())))
      }
      return { raised, cleared }
    }
  }
}
