import { type Device, DeviceId, type DeviceStatus, type Fisco, type Monitor, NotFound, type Scheduler, TenantId, type TenantScope, type WorkerOptions, decodeInput, isDomainError, isNoAnswer, systemClock } from "@fisco/core"
import { Schema } from "effect"
import { AGENT_WATCH_JOB, watchAgents } from "./agent/watch.js"
import { createServerMonitor, storedThresholds } from "./alerts/server-monitor.js"
import { syncDeviceArchive } from "./archive/sync.js"

/** Job that reads a device's status through its driver, records it and applies the health rules. */
export const DEVICE_POLL_JOB = "device.poll"

export const DevicePollPayload = Schema.Struct({
  tenantId: TenantId,
  livemode: Schema.Boolean,
  deviceId: DeviceId
})
export type DevicePollPayload = typeof DevicePollPayload.Type

/** Queues a poll; while one for the device is still waiting, that one is returned instead of piling up. */
export const enqueueDevicePoll = (scheduler: Scheduler, scope: TenantScope, deviceId: DeviceId): Promise<string> =>
  scheduler.send<DevicePollPayload>(DEVICE_POLL_JOB, { tenantId: scope.tenantId, livemode: scope.livemode, deviceId }, { singletonKey: deviceId })

/**
 * Polls a device on a recurring schedule (`cron`, default every minute) and once straight away, so
 * its alarms show without waiting for the first tick. Scheduling again replaces the schedule.
 */
export const scheduleDevicePolls = async (scheduler: Scheduler, scope: TenantScope, deviceId: DeviceId, cron = "* * * * *"): Promise<void> => {
  await scheduler.every<DevicePollPayload>(DEVICE_POLL_JOB, deviceId, cron, { tenantId: scope.tenantId, livemode: scope.livemode, deviceId })
  await enqueueDevicePoll(scheduler, scope, deviceId)
}

/** Stops a device's recurring polls (a poll already queued still runs). */
export const unscheduleDevicePolls = (scheduler: Scheduler, deviceId: DeviceId): Promise<void> => scheduler.unschedule(DEVICE_POLL_JOB, deviceId)

/**
 * One poll: read and record the status, then raise or clear the device's alarms. A device that does
 * not answer is itself an observation (recorded by the monitor), so that failure is not retried: a
 * retry would count as a second lost poll. Other failures are thrown for the scheduler to retry.
 */
export const pollDevice = async (fisco: Fisco, monitor: Monitor, payload: unknown): Promise<void> => {
  const { tenantId, livemode, deviceId } = decodeInput(DevicePollPayload, payload)
  try {
    await readAndMonitor(fisco, monitor, { tenantId, livemode }, deviceId).catch((error: unknown) => {
      if (!isNoAnswer(error)) throw error
    })
  } catch (error) {
    // A device deleted after the poll was queued has nothing left to poll.
    if (error instanceof NotFound) return
    throw error
  }
}

/**
 * Reads and records a device's status and applies the health rules to it. A device that does not
 * answer is handed to the monitor as an observation, then the error is rethrown to the caller.
 */
export const readAndMonitor = async (fisco: Fisco, monitor: Monitor, scope: TenantScope, deviceId: DeviceId): Promise<DeviceStatus> => {
  const device = await fisco.devices.get(scope, deviceId)
  try {
    const status = await fisco.devices.readStatus(scope, deviceId)
    await monitor.onReading(scope, device, status)
    await syncArchive(fisco, scope, device, new Date(status.observedAt))
    return status
  } catch (error) {
    if (isNoAnswer(error)) await monitor.onReading(scope, device, error)
    throw error
  }
}

/** The archive sync of a poll: a device that stops answering halfway is retried at the next poll, not reported twice. */
const syncArchive = async (fisco: Fisco, scope: TenantScope, device: Device, now: Date) => {
  try {
    await syncDeviceArchive(fisco, scope, device, now)
  } catch (error) {
    if (!(isDomainError(error) && DEVICE_ERROR_CODES.has(error.code))) throw error
  }
}
const DEVICE_ERROR_CODES = new Set(["device_unreachable", "device_timeout", "device_busy", "device_rejected", "device_protocol_error", "unsupported"])

/**
 * Registers the server's job handlers on a scheduler (the CLI calls this before `scheduler.start()`).
 * `monitor` carries the tenants' alarm thresholds; by default each tenant's stored ones (`PUT /v1/monitor/thresholds`).
 */
export const registerJobs = async (scheduler: Scheduler, fisco: Fisco, options?: WorkerOptions, monitor: Monitor = createServerMonitor(fisco)): Promise<void> => {
  await scheduler.work<unknown>(DEVICE_POLL_JOB, (job) => pollDevice(fisco, monitor, job.payload), options)
  // Agents that stop pushing (shop offline, PC off) raise `agent.silent`; checked every minute.
  await scheduler.work<unknown>(AGENT_WATCH_JOB, async () => void (await watchAgents(fisco, systemClock, storedThresholds(fisco.store))), options)
  await scheduler.every(AGENT_WATCH_JOB, "all", "* * * * *", {})
}
