import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type Alarm, type Clock, type Device, type TenantScope, createFisco, createMonitor } from "@fisco/core"
import { epsonRtDriver } from "@fisco/driver-epson-rt"
import type { EpsonSimulator } from "@fisco/driver-epson-rt/simulator"
import { createSqliteStore } from "@fisco/store-sqlite"
import { pollDevice } from "../src/jobs.js"

/** Every reading gets its own minute, as polls do in production; the store keys readings by that time. */
export const steppingClock = (): Clock & { advance(ms: number): void } => {
  let at = Date.now()
  return Object.assign(() => new Date((at += 60_000)), { advance: (ms: number) => void (at += ms) })
}

/** A real SQLite store, a Fisco with the Epson driver and the monitor, on one tenant's test mode. */
export const createMonitorBench = async () => {
  const dir = mkdtempSync(join(tmpdir(), "fisco-monitor-"))
  const store = createSqliteStore({ filename: join(dir, "fisco.sqlite") })
  await store.migrate()
  const clock = steppingClock()
  const fisco = createFisco({ store, drivers: [epsonRtDriver], clock })
  const monitor = createMonitor({ fisco, clock })
  const tenant = await fisco.tenants.create({ name: "Monitor tenant" })
  const scope: TenantScope = { tenantId: tenant.id, livemode: false }
  const site = await fisco.sites.create(scope, {
    name: "Negozio centro",
    address: { line1: "Via Roma 1", city: "Milano", postalCode: "20121", region: "MI", country: "IT" },
    timezone: "Europe/Rome"
  })

  let registered = 0
  /** Registers a device (a fresh one per call, so alarms never carry over) for the simulated printer. */
  const watch = async (sim: EpsonSimulator, config: Record<string, unknown> = {}) => {
    const device: Device = await fisco.devices.create(scope, {
      siteId: site.id,
      kind: "rt-printer",
      vendor: "Epson",
      model: "FP-81 II RT",
      serial: `${sim.matricola}-${++registered}`,
      driver: { id: "epson-rt", config: { url: sim.url, ...config } }
    })
    return {
      device,
      poll: () => pollDevice(fisco, monitor, { tenantId: scope.tenantId, livemode: scope.livemode, deviceId: device.id }),
      alarms: async (type?: string): Promise<ReadonlyArray<Alarm>> =>
        (await fisco.alarms.list(scope, { deviceId: device.id, ...(type ? { type } : {}) }, { limit: 100 })).data
    }
  }

  return {
    dir,
    store,
    fisco,
    scope,
    clock,
    watch,
    close: async () => {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
export type MonitorBench = Awaited<ReturnType<typeof createMonitorBench>>
