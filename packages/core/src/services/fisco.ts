import { type Context, Effect, type Layer, Schema } from "effect"
import type { Alarm, AlarmFilter, AlarmRaise } from "../domain/alarm.js"
import { AlarmFilter as AlarmFilterSchema } from "../domain/alarm.js"
import { type Device, type DeviceInput, DeviceInput as DeviceInputSchema } from "../domain/device.js"
import type { DeviceStatus, StatusReading } from "../domain/device-status.js"
import { type AlarmId, type DeviceId, IdPrefix, type SiteId, type TenantId, newId } from "../domain/ids.js"
import { type Site, SiteInput, type SiteInput as SiteInputType } from "../domain/site.js"
import type { Tenant, TenantScope } from "../domain/tenant.js"
import type { CorrispettiviFile } from "../domain/corrispettivi.js"
import { Conflict, type DeviceError, InvalidInput, NotFound } from "../errors.js"
import { type AnyDriver, serviceForKind } from "../drivers/define-driver.js"
import { type DriverRegistry, createDriverRegistry } from "../drivers/registry.js"
import type { DeviceFilter } from "../ports/device-repository.js"
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type Page, type PageRequest } from "../ports/page.js"
import type { Store } from "../ports/store.js"
import { decodeInput } from "../validation.js"
import { type CorrispettiviService, createCorrispettiviService } from "../archive/service.js"
import type { ThresholdsSource } from "../monitor/monitor.js"
import type { CorrispettiviVerifier } from "../ports/corrispettivi-verifier.js"
import type { AdeOutcomeSource } from "../ports/ade-outcome-source.js"
import { type AgentCommands, createAgentCommands } from "./agent-commands.js"
import { type Clock, systemClock } from "./clock.js"

export interface FiscoOptions {
  readonly store: Store
  readonly drivers: DriverRegistry | ReadonlyArray<AnyDriver>
  readonly clock?: Clock
  /** Reads and checks AdE files for the corrispettivi archive (the server passes one built on `@fisco/ade`). */
  readonly corrispettiviVerifier?: CorrispettiviVerifier
  /** Per-tenant monitor thresholds, for the archive's alarms (defaults otherwise). */
  readonly thresholds?: ThresholdsSource
  /** Asks AdE for transmission outcomes; off by default (see `AdeOutcomeSource`). */
  readonly adeOutcomeSource?: AdeOutcomeSource
  /** Called once per file newly stored in the corrispettivi archive (the server runs the quadratura of its day). */
  readonly onCorrispettiviArchived?: (scope: TenantScope, file: CorrispettiviFile) => Promise<void>
}

/** Partial update of a site; omitted fields keep their value. */
export const SitePatchInput = Schema.partial(SiteInput).annotations({ identifier: "SitePatchInput" })
export type SitePatch = Partial<SiteInputType>

/**
 * The in-process SDK: what the REST API does, callable directly by a host application. Every
 * method validates its input with the domain schemas and throws typed domain errors.
 */
export interface Fisco {
  readonly store: Store
  readonly drivers: DriverRegistry
  readonly tenants: {
    create(input: { readonly name: string }): Promise<Tenant>
    get(id: TenantId): Promise<Tenant>
  }
  readonly sites: {
    create(scope: TenantScope, input: unknown): Promise<Site>
    get(scope: TenantScope, id: SiteId): Promise<Site>
    list(scope: TenantScope, page?: Partial<PageRequest>): Promise<Page<Site>>
    update(scope: TenantScope, id: SiteId, patch: unknown): Promise<Site>
  }
  readonly devices: {
    /** Registers a device; its driver config is validated by the driver's own schema. */
    create(scope: TenantScope, input: unknown): Promise<Device>
    get(scope: TenantScope, id: DeviceId): Promise<Device>
    list(scope: TenantScope, filter?: DeviceFilter, page?: Partial<PageRequest>): Promise<Page<Device>>
    delete(scope: TenantScope, id: DeviceId): Promise<void>
    /** Reads the device's status through its driver and stores it. */
    readStatus(scope: TenantScope, id: DeviceId): Promise<DeviceStatus>
    latestStatus(scope: TenantScope, id: DeviceId): Promise<DeviceStatus | undefined>
  }
  readonly alarms: {
    raise(scope: TenantScope, alarm: AlarmRaise): Promise<Alarm>
    clear(scope: TenantScope, dedupeKey: string): Promise<Alarm | undefined>
    get(scope: TenantScope, id: AlarmId): Promise<Alarm>
    list(scope: TenantScope, filter?: AlarmFilter, page?: Partial<PageRequest>): Promise<Page<Alarm>>
    acknowledge(scope: TenantScope, id: AlarmId, by: string): Promise<Alarm>
  }
  /** The corrispettivi archive and the AdE outcome of each Z. */
  readonly corrispettivi: CorrispettiviService
  /** Work for the agents on shop LANs, e.g. printing a sale on an agent-connected RT printer. */
  readonly agentCommands: AgentCommands
}

/** Clamps a page request to the allowed limits. */
export const pageRequest = (page: Partial<PageRequest> = {}): PageRequest => {
  const limit = page.limit ?? DEFAULT_PAGE_LIMIT
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new InvalidInput({ issues: [{ path: "limit", message: `must be an integer between 1 and ${MAX_PAGE_LIMIT}` }] })
  }
  return page.startingAfter === undefined ? { limit } : { limit, startingAfter: page.startingAfter }
}

const found = <T>(entity: string, id: string, value: T | undefined): T => {
  if (value === undefined) throw new NotFound({ entity, id })
  return value
}

/** Runs a driver effect to a promise, surfacing its typed error (not a FiberFailure) on failure. */
export const runDevice = async <A>(effect: Effect.Effect<A, DeviceError>): Promise<A> => {
  const result = await Effect.runPromise(Effect.either(effect))
  if (result._tag === "Left") throw result.left
  return result.right
}

export const createFisco = (options: FiscoOptions): Fisco => {
  const { store } = options
  const drivers = Array.isArray(options.drivers) ? createDriverRegistry(options.drivers) : (options.drivers as DriverRegistry)
  const clock = options.clock ?? systemClock
  const now = () => clock().toISOString()

  const requireSite = async (scope: TenantScope, id: SiteId) => found("site", id, await store.sites.get(scope, id))
  const requireDevice = async (scope: TenantScope, id: DeviceId) => found("device", id, await store.devices.get(scope, id))

  return {
    store,
    drivers,
    corrispettivi: createCorrispettiviService({
      store,
      clock,
      ...(options.corrispettiviVerifier ? { verifier: options.corrispettiviVerifier } : {}),
      ...(options.thresholds ? { thresholds: options.thresholds } : {}),
      ...(options.adeOutcomeSource ? { adeOutcomeSource: options.adeOutcomeSource } : {}),
      ...(options.onCorrispettiviArchived ? { onArchived: options.onCorrispettiviArchived } : {})
    }),
    tenants: {
      create: async (input) => {
        const name = typeof input?.name === "string" ? input.name.trim() : ""
        if (!name) throw new InvalidInput({ issues: [{ path: "name", message: "is required" }] })
        return store.tenants.create({ id: newId(IdPrefix.tenant) as TenantId, name, createdAt: now() })
      },
      get: async (id) => found("tenant", id, await store.tenants.get(id))
    },
    sites: {
      create: async (scope, input) => {
        const data = decodeInput(SiteInput, input)
        const at = now()
        return store.sites.create({ ...data, id: newId(IdPrefix.site) as SiteId, tenantId: scope.tenantId, livemode: scope.livemode, createdAt: at, updatedAt: at })
      },
      get: requireSite,
      list: (scope, page) => store.sites.list(scope, pageRequest(page)),
      update: async (scope, id, patch) => {
        const current = await requireSite(scope, id)
        const changes = decodeInput(SitePatchInput, patch)
        const { name, externalRef, address, timezone } = current
        const next = decodeInput(SiteInput, { name, externalRef, address, timezone, ...changes })
        return found("site", id, await store.sites.update(scope, { ...current, ...next, updatedAt: now() }))
      }
    },
    devices: {
      create: async (scope, input) => {
        const data: DeviceInput = decodeInput(DeviceInputSchema, input)
        const config = drivers.validate(data.driver.id, data.kind, data.driver.config)
        const site = await store.sites.get(scope, data.siteId)
        if (!site) throw new InvalidInput({ issues: [{ path: "siteId", message: `no site ${data.siteId} in this tenant` }] })
        const at = now()
        return store.devices.create({
          ...data,
          driver: { id: data.driver.id, config },
          id: newId(IdPrefix.device) as DeviceId,
          tenantId: scope.tenantId,
          livemode: scope.livemode,
          createdAt: at,
          updatedAt: at
        })
      },
      get: requireDevice,
      list: (scope, filter = {}, page) => store.devices.list(scope, filter, pageRequest(page)),
      delete: async (scope, id) => {
        if (!(await store.devices.delete(scope, id))) throw new NotFound({ entity: "device", id })
      },
      readStatus: async (scope, id) => {
        const device = await requireDevice(scope, id)
        // Every device service has `status`; the tag is chosen by the device kind.
        const tag = serviceForKind[device.kind].tag as unknown as Context.Tag<unknown, { readonly status: Effect.Effect<StatusReading, DeviceError> }>
        const layer = drivers.layerFor(device) as Layer.Layer<unknown, DeviceError>
        const reading = await runDevice(Effect.flatMap(tag, (service) => service.status).pipe(Effect.provide(layer)))
        const status: DeviceStatus = { ...reading, deviceId: device.id, observedAt: now() }
        await store.deviceStatuses.record(scope, status)
        return status
      },
      latestStatus: async (scope, id) => {
        await requireDevice(scope, id)
        return store.deviceStatuses.latest(scope, id)
      }
    },
    alarms: {
      raise: (scope, alarm) => store.alarms.raise(scope, { ...alarm, id: newId(IdPrefix.alarm) as AlarmId, at: now() }),
      clear: (scope, dedupeKey) => store.alarms.clear(scope, dedupeKey, now()),
      get: async (scope, id) => found("alarm", id, await store.alarms.get(scope, id)),
      list: (scope, filter = {}, page) => store.alarms.list(scope, decodeInput(AlarmFilterSchema, filter), pageRequest(page)),
      acknowledge: async (scope, id, by) => {
        const alarm = found("alarm", id, await store.alarms.get(scope, id))
        if (alarm.state === "cleared") throw new Conflict({ reason: `alarm ${id} is already cleared` })
        if (alarm.state === "acknowledged") return alarm
        return found("alarm", id, await store.alarms.acknowledge(scope, id, by, now()))
      }
    },
    agentCommands: createAgentCommands(store, drivers, now)
  }
}
