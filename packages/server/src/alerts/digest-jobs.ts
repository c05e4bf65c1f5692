import {
  type Clock,
  DistributionListId,
  type Fisco,
  type Mailer,
  MAX_PAGE_LIMIT,
  type Monitor,
  type Scheduler,
  type StoredDistributionList,
  TenantId,
  type TenantScope,
  type WorkerOptions,
  decodeInput,
  deliverDigest,
  systemClock
} from "@fisco/core"
import { Schema } from "effect"

/** One recurring job per distribution list: mails the list's digest on its cron schedule. */
export const DIGEST_SEND_JOB = "digest.send"
/** Recurring, installation-wide: the tenant-level fleet census (missing devices, expired notices). */
export const CENSUS_SWEEP_JOB = "monitor.census"
/** How often the census runs: missing-device thresholds are in hours, so a quarter of an hour is plenty. */
export const CENSUS_SWEEP_CRON = "*/15 * * * *"

export const DigestSendPayload = Schema.Struct({ tenantId: TenantId, livemode: Schema.Boolean, listId: DistributionListId })
export type DigestSendPayload = typeof DigestSendPayload.Type

/** Creates or replaces a list's recurring digest job (the scheduler keys it by the list id). */
export const scheduleDigest = (scheduler: Scheduler, list: StoredDistributionList): Promise<void> =>
  scheduler.every<DigestSendPayload>(
    DIGEST_SEND_JOB,
    list.id,
    list.schedule.cron,
    { tenantId: list.tenantId, livemode: list.livemode, listId: list.id },
    { timezone: list.schedule.timezone }
  )

export const unscheduleDigest = (scheduler: Scheduler, listId: string): Promise<void> => scheduler.unschedule(DIGEST_SEND_JOB, listId)

/** Every tenant scope of the installation, for the jobs that run across tenants. */
const allScopes = async (fisco: Fisco): Promise<ReadonlyArray<TenantScope>> => {
  const scopes: TenantScope[] = []
  let startingAfter: string | undefined
  for (;;) {
    const page = await fisco.store.tenants.list({ limit: MAX_PAGE_LIMIT, ...(startingAfter ? { startingAfter } : {}) })
    for (const tenant of page.data) scopes.push({ tenantId: tenant.id, livemode: true }, { tenantId: tenant.id, livemode: false })
    if (!page.hasMore || page.data.length === 0) return scopes
    startingAfter = page.data[page.data.length - 1]!.id
  }
}

/** Re-registers every stored list's schedule (at server start: lists may have changed while it was down). */
export const syncDigestSchedules = async (scheduler: Scheduler, fisco: Fisco): Promise<number> => {
  let count = 0
  for (const scope of await allScopes(fisco)) {
    let startingAfter: string | undefined
    for (;;) {
      const page = await fisco.store.distributionLists.list(scope, { limit: MAX_PAGE_LIMIT, ...(startingAfter ? { startingAfter } : {}) })
      for (const list of page.data) await scheduleDigest(scheduler, list)
      count += page.data.length
      if (!page.hasMore || page.data.length === 0) break
      startingAfter = page.data[page.data.length - 1]!.id
    }
  }
  return count
}

export interface AlertJobDeps {
  readonly fisco: Fisco
  readonly monitor: Monitor
  /** Without one, digests are recorded as skipped (no SMTP server configured). */
  readonly mailer?: Mailer
  readonly clock?: Clock
}

/**
 * Registers the mail-alert and census jobs, schedules the census, and re-registers every list's
 * digest schedule. A digest whose mail failed throws, so the scheduler retries it: the retry runs
 * under the same job id, finds the `failed` row and sends again (nothing was delivered).
 */
export const registerAlertJobs = async (scheduler: Scheduler, deps: AlertJobDeps, options?: WorkerOptions): Promise<void> => {
  const run = { store: deps.fisco.store, clock: deps.clock ?? systemClock, ...(deps.mailer ? { mailer: deps.mailer } : {}) }
  await scheduler.work<unknown>(
    DIGEST_SEND_JOB,
    async (job) => {
      const { tenantId, livemode, listId } = decodeInput(DigestSendPayload, job.payload)
      const delivery = await deliverDigest(run, { tenantId, livemode }, listId, { runKey: job.id, trigger: "schedule" })
      if (delivery?.outcome === "failed") throw new Error(delivery.reason ?? "digest not sent")
    },
    options
  )
  await scheduler.work<unknown>(
    CENSUS_SWEEP_JOB,
    async () => {
      for (const scope of await allScopes(deps.fisco)) await deps.monitor.sweepCensus(scope)
    },
    options
  )
  await scheduler.every(CENSUS_SWEEP_JOB, "all", CENSUS_SWEEP_CRON, {})
  await syncDigestSchedules(scheduler, deps.fisco)
}
