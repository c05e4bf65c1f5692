import type { Alarm } from "../domain/alarm.js"
import { type DistributionListId, IdPrefix, type DigestDeliveryId, newId } from "../domain/ids.js"
import type { TenantScope } from "../domain/tenant.js"
import { Conflict } from "../errors.js"
import { MAX_PAGE_LIMIT, type Page, type PageRequest } from "../ports/page.js"
import type { Repositories } from "../ports/store.js"
import type { Clock } from "../services/clock.js"
import type { DigestDelivery, DeliveryTrigger } from "./digest-delivery.js"
import type { Mailer } from "./mailer.js"
import { type DigestSource, prepareDigest } from "./prepare-digest.js"
import { resolveRecipients } from "./recipients.js"
import { selectAlarms } from "./select-alarms.js"
import type { StoredDistributionList } from "./stored-list.js"

/** Why a digest was recorded as skipped when the installation has no mail server. */
export const NO_MAILER_REASON = "no SMTP server configured (set --smtp-url or FISCO_SMTP_URL)"

const SKIP_REASONS = {
  empty: "no device in alarm matches the list's filters, and the list does not send empty digests",
  "no-recipients": "the list's recipients, roles and functions name nobody enabled"
} as const

const INTERRUPTED_REASON = "the process stopped between sending and recording: not sent again, it may or may not have arrived"

export interface DigestRunDeps {
  readonly store: Repositories
  /** Absent when no mail server is configured: runs are recorded as skipped with `NO_MAILER_REASON`. */
  readonly mailer?: Mailer
  readonly clock: Clock
}

export interface DigestRun {
  /** One row per run: the scheduler's job id (its retries share it), or a fresh id for a test send. */
  readonly runKey: string
  readonly trigger: DeliveryTrigger
}

/** Reads every page of a newest-first listing. */
const everything = async <T>(read: (page: PageRequest) => Promise<Page<T>>, cursorOf: (item: T) => string): Promise<ReadonlyArray<T>> => {
  const all: T[] = []
  let page = await read({ limit: MAX_PAGE_LIMIT })
  all.push(...page.data)
  while (page.hasMore && page.data.length > 0) {
    page = await read({ limit: MAX_PAGE_LIMIT, startingAfter: cursorOf(page.data[page.data.length - 1]!) })
    all.push(...page.data)
  }
  return all
}

const byId = (item: { readonly id: string }) => item.id

/** Everything a list's digest is made from, read from the store now. */
export const readDigestSource = async (store: Repositories, scope: TenantScope, list: StoredDistributionList, generatedAt: Date): Promise<DigestSource> => {
  const [tenant, devices, sites, users, ...alarmsByState] = await Promise.all([
    store.tenants.get(scope.tenantId),
    everything((page) => store.devices.list(scope, {}, page), byId),
    everything((page) => store.sites.list(scope, page), byId),
    store.users.list(scope.tenantId),
    ...list.filters.states.map((state) => everything<Alarm>((page) => store.alarms.list(scope, { state }, page), byId))
  ])
  return { tenantName: tenant?.name ?? scope.tenantId, generatedAt, alarms: alarmsByState.flat(), devices, sites, users }
}

/**
 * Runs one digest of a stored list: records the run as `sending`, then selects, renders, mails and
 * records the outcome (see `DigestOutcome` for the at-most-once rule). Returns the run's delivery,
 * or undefined when the list no longer exists. Never throws a mail error: a `failed` outcome says it.
 */
export const deliverDigest = async (deps: DigestRunDeps, scope: TenantScope, listId: DistributionListId, run: DigestRun): Promise<DigestDelivery | undefined> => {
  const { store, clock } = deps
  const list = await store.distributionLists.get(scope, listId)
  if (!list) return undefined
  const now = () => clock().toISOString()
  const finish = async (delivery: DigestDelivery, result: Partial<DigestDelivery>) =>
    (await store.digestDeliveries.update(scope, { ...delivery, ...result, finishedAt: now() })) ?? delivery

  const existing = await store.digestDeliveries.findByRun(scope, listId, run.runKey)
  if (existing?.outcome === "sending") return finish(existing, { outcome: "interrupted", reason: INTERRUPTED_REASON })
  if (existing && existing.outcome !== "failed") return existing

  const startedAt = now()
  let delivery: DigestDelivery
  if (existing) {
    const { reason: _r, finishedAt: _f, messageId: _m, ...retry } = existing
    delivery = (await store.digestDeliveries.update(scope, { ...retry, outcome: "sending", startedAt })) ?? existing
  } else {
    try {
      delivery = await store.digestDeliveries.create({
        id: newId(IdPrefix.digestDelivery) as DigestDeliveryId,
        tenantId: scope.tenantId,
        livemode: scope.livemode,
        listId,
        runKey: run.runKey,
        trigger: run.trigger,
        outcome: "sending",
        recipientCount: 0,
        alarmCount: 0,
        startedAt
      })
    } catch (error) {
      // Another instance is running the same run: its row is the answer.
      if (!(error instanceof Conflict)) throw error
      return store.digestDeliveries.findByRun(scope, listId, run.runKey)
    }
  }

  const source = await readDigestSource(store, scope, list, clock())
  const prepared = prepareDigest(list, source)
  if ("skipped" in prepared) {
    const alarmCount = selectAlarms(source.alarms, list.filters, source.devices).length
    const recipientCount = resolveRecipients(list, source.users).length
    return finish(delivery, { outcome: "skipped", reason: SKIP_REASONS[prepared.skipped], alarmCount, recipientCount })
  }
  const counts = { alarmCount: prepared.alarmCount, recipientCount: prepared.message.to.length }
  if (!deps.mailer) return finish(delivery, { outcome: "skipped", reason: NO_MAILER_REASON, ...counts })
  try {
    const receipt = await deps.mailer.send(prepared.message)
    return finish(delivery, { outcome: "sent", ...counts, recipientCount: receipt.accepted.length, messageId: receipt.messageId })
  } catch (error) {
    return finish(delivery, { outcome: "failed", reason: error instanceof Error ? error.message : String(error), ...counts })
  }
}
