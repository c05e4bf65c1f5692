import type { Alarm } from "../domain/alarm.js"
import type { Device } from "../domain/device.js"
import type { DeviceStatus } from "../domain/device-status.js"
import type { TenantScope } from "../domain/tenant.js"
import type { DeviceError } from "../errors.js"
import { MAX_PAGE_LIMIT } from "../ports/page.js"
import { type Clock, systemClock } from "../services/clock.js"
import type { Fisco } from "../services/fisco.js"
import { openDayRun } from "./day-closure.js"
import { evaluateDevice, historyWindow } from "./evaluate.js"
import { type HealthRule, dedupeKeyOf } from "./health-rule.js"
import { HEALTH_RULES } from "./rules.js"
import { type MonitorThresholds, type MonitorThresholdsOverride, resolveThresholds } from "./thresholds.js"
import { isNoAnswer, unreachableStatus } from "./unreachable.js"

/** A tenant's threshold overrides, or where to look them up (the host stores them; this slice does not). */
export type ThresholdsSource = MonitorThresholdsOverride | ((scope: TenantScope) => MonitorThresholdsOverride | Promise<MonitorThresholdsOverride>)

export interface MonitorOptions {
  readonly fisco: Fisco
  readonly thresholds?: ThresholdsSource
  readonly rules?: ReadonlyArray<HealthRule>
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
      const open = new Set((await openAlarms(scope, device)).map((a) => a.dedupeKey))
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
      if (!("_tag" in reading)) await fisco.corrispettivi.onStatus(scope, device, reading)
      return { raised, cleared }
    }
  }
}
