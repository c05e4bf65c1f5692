import type { DistributionListId } from "../domain/ids.js"
import type { TenantScope } from "../domain/tenant.js"
import type { DigestDelivery } from "../notifications/digest-delivery.js"
import type { StoredDistributionList } from "../notifications/stored-list.js"
import type { Page, PageRequest } from "./page.js"

export interface DistributionListRepository {
  create(list: StoredDistributionList): Promise<StoredDistributionList>
  get(scope: TenantScope, id: DistributionListId): Promise<StoredDistributionList | undefined>
  /** Newest first. */
  list(scope: TenantScope, page: PageRequest): Promise<Page<StoredDistributionList>>
  /** Replaces the list; undefined when it does not exist in the scope. */
  update(scope: TenantScope, list: StoredDistributionList): Promise<StoredDistributionList | undefined>
  /** Deletes the list and its delivery history; false when it did not exist. */
  delete(scope: TenantScope, id: DistributionListId): Promise<boolean>
}

export interface DigestDeliveryRepository {
  /** Records a delivery; `Conflict` when the list already has one for `runKey` (the run's row is unique). */
  create(delivery: DigestDelivery): Promise<DigestDelivery>
  /** The delivery of a list's run, if recorded. */
  findByRun(scope: TenantScope, listId: DistributionListId, runKey: string): Promise<DigestDelivery | undefined>
  /** Replaces a delivery's outcome and counts; undefined when it does not exist. */
  update(scope: TenantScope, delivery: DigestDelivery): Promise<DigestDelivery | undefined>
  /** A list's deliveries, newest first. */
  list(scope: TenantScope, listId: DistributionListId, page: PageRequest): Promise<Page<DigestDelivery>>
}
