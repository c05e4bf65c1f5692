import { Schema } from "effect"
import { FunctionTag, Role } from "../domain/access.js"
import { DistributionListId, TenantId, Timestamp } from "../domain/ids.js"
import { InvalidInput } from "../errors.js"
import { decodeInput } from "../validation.js"
import { DigestFilters, DigestSchedule, DistributionList, ListRecipient, hasSomeone } from "./distribution-list.js"

/** What `POST /v1/distribution-lists` takes: a list without an id (the store assigns one). */
export const DistributionListCreate = DistributionList.from.pipe(
  Schema.omit("id"),
  Schema.filter((list) => {
    const someone = hasSomeone(list)
    return someone === true || { path: ["recipients"], message: someone }
  })
).annotations({
  identifier: "DistributionListCreate"
})
export type DistributionListCreate = typeof DistributionListCreate.Type

/** What `PATCH` takes: any field of a list; omitted fields keep their value. */
export const DistributionListPatch = Schema.Struct({
  name: DistributionList.from.fields.name,
  recipients: Schema.Array(ListRecipient),
  roles: Schema.Array(Role),
  functions: Schema.Array(FunctionTag),
  schedule: DigestSchedule,
  filters: DigestFilters,
  sendWhenEmpty: Schema.Boolean
})
  .pipe(Schema.partialWith({ exact: true }))
  .annotations({ identifier: "DistributionListPatch" })
export type DistributionListPatch = typeof DistributionListPatch.Type

/** A distribution list as stored for one tenant scope, with every default applied. */
export const StoredDistributionList = Schema.Struct({
  id: DistributionListId,
  tenantId: TenantId,
  livemode: Schema.Boolean,
  name: DistributionList.from.fields.name,
  recipients: Schema.Array(ListRecipient),
  roles: Schema.Array(Role),
  functions: Schema.Array(FunctionTag),
  schedule: DigestSchedule,
  filters: Schema.typeSchema(DigestFilters),
  sendWhenEmpty: Schema.Boolean,
  createdAt: Timestamp,
  updatedAt: Timestamp
}).annotations({ identifier: "DistributionList" })
export type StoredDistributionList = typeof StoredDistributionList.Type

/** Decodes a create body (throws `InvalidInput` naming each bad field). */
export const decodeDistributionListCreate = (input: unknown): DistributionListCreate => decodeInput(DistributionListCreate, input)

/**
 * Applies a patch to a stored list: the patch is validated on its own, then the merged list must
 * still reach someone (emptying every recipient field is refused on `recipients`).
 */
export const patchDistributionList = (list: StoredDistributionList, patch: unknown, updatedAt: string): StoredDistributionList => {
  const changes = decodeInput(DistributionListPatch, patch)
  const merged: StoredDistributionList = { ...list, ...changes, updatedAt }
  const someone = hasSomeone(merged)
  if (someone !== true) throw new InvalidInput({ issues: [{ path: "recipients", message: someone }] })
  return merged
}
