import type { Alarm, AlarmFilter, AlarmRaise } from "../domain/alarm.js"
import type { AlarmId } from "../domain/ids.js"
import type { TenantScope } from "../domain/tenant.js"
import type { Page, PageRequest } from "./page.js"

export interface AlarmRepository {
  /**
   * Raises an alarm, or, when one with the same dedupe key is still open (raised or acknowledged),
   * bumps its `occurrences` and `lastSeenAt` and returns it. Atomic: two concurrent raises make one alarm.
   */
  raise(scope: TenantScope, alarm: AlarmRaise & { readonly id: AlarmId; readonly at: string }): Promise<Alarm>
  get(scope: TenantScope, id: AlarmId): Promise<Alarm | undefined>
  /** Newest first. */
  list(scope: TenantScope, filter: AlarmFilter, page: PageRequest): Promise<Page<Alarm>>
  acknowledge(scope: TenantScope, id: AlarmId, by: string, at: string): Promise<Alarm | undefined>
  /** Clears the open alarm with that dedupe key, if any. */
  clear(scope: TenantScope, dedupeKey: string, at: string): Promise<Alarm | undefined>
}
