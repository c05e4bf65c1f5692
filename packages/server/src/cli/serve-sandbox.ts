import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import type { ClosureResult, Device, DeviceId, Fisco, Scheduler, TenantScope } from "@fisco/core"
import { startEpsonSimulator } from "@fisco/driver-epson-rt/simulator"
import { startVirtualPrinter } from "@fisco/driver-virtual-printer/simulator"
import { enqueueDevicePoll, scheduleDevicePolls, unscheduleDevicePolls } from "../jobs.js"
import type { Logger } from "../logger.js"
import { type SandboxDevice, type SandboxInfo, allDevices, ensureSandbox } from "../sandbox.js"
import { type FleetHistory, type FleetMember, isFleetMatricola, startFleet } from "../sandbox-fleet.js"
import { simulatorKeys } from "../sandbox-keys.js"
import { type Shop, startShop } from "../sandbox-shop.js"
import { CliError } from "./cli-error.js"

export interface SandboxRunOptions {
  readonly dataDir: string
  readonly url: string
  /** First port of the two demo simulators; 0 = free ports. */
  readonly simulatorPort: number
  /** Simulated Epson RT printers of the fleet; 0 = none. */
  readonly fleetSize: number
  readonly salesEverySeconds: number
  readonly closeEveryMinutes: number
  readonly logger: Logger
}

export interface SandboxRun {
  readonly info: SandboxInfo
  readonly fleet: ReadonlyArray<FleetMember>
  close(): Promise<void>
}

/** A `--fleet-size`-style flag: an integer in [min, max]. */
export const intFlag = (value: string | undefined, fallback: number, flag: string, max: number): number => {
  const n = value === undefined ? fallback : Number(value)
  if (!Number.isInteger(n) || n < 0 || n > max) throw new CliError(`--${flag} must be an integer from 0 to ${max}`)
  return n
}

/** A `--z-every`-style flag: a non-negative number (fractions allowed, 0 = off). */
export const amountFlag = (value: string | undefined, fallback: number, flag: string): number => {
  const n = value === undefined ? fallback : Number(value)
  if (!Number.isFinite(n) || n < 0) throw new CliError(`--${flag} must be a number, 0 or more`)
  return n
}

/** The fleet's Z counts by matricola, kept in the data directory so a restarted printer goes on numbering. */
const fleetHistory = (dataDir: string) => {
  const file = join(dataDir, "fleet.json")
  let history: Record<string, FleetHistory> = {}
  try {
    const saved = JSON.parse(readFileSync(file, "utf8")) as Record<string, Partial<FleetHistory>>
    for (const [matricola, e] of Object.entries(saved)) {
      if (Number.isInteger(e.closures) && e.closures! < 9999 && /^\d{4}-\d{2}-\d{2}$/.test(String(e.lastClosureDate))) history[matricola] = { closures: e.closures!, lastClosureDate: e.lastClosureDate! }
    }
  } catch {
    // First run, or an unreadable file: the printers start from their profiles.
  }
  return {
    history,
    record: (matricola: string, entry: FleetHistory) => {
      history = { ...history, [matricola]: entry }
      writeFileSync(file, `${JSON.stringify(history, null, 2)}\n`)
    }
  }
}

/**
 * Everything `--sandbox` adds to the server: the two demo printers, the simulated fleet of Epson RT
 * printers in assorted states, their registration to the demo tenant, recurring polls of every one
 * of them (the first at once) and the shop that sells and closes days on the healthy ones.
 */
export const startSandbox = async (fisco: Fisco, scheduler: Scheduler, options: SandboxRunOptions): Promise<SandboxRun> => {
  const base = options.simulatorPort
  const next = (offset: number) => (base === 0 ? 0 : base + offset)
  const closers: Array<() => Promise<void>> = []
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined)
  }
  const kept = fleetHistory(options.dataDir)
  const keys = simulatorKeys(options.dataDir)
  try {
    const [virtual, epson, fleet] = await Promise.all([
      startVirtualPrinter({ port: next(0), matricola: "99SIM000001" }).then((s) => (closers.push(() => s.close()), s)),
      Promise.all([keys.device("99MEY000001"), keys.ade()])
        .then(([credentials, adeCredentials]) => startEpsonSimulator({ port: next(1), matricola: "99MEY000001", credentials, adeCredentials }))
        .then((s) => (closers.push(() => s.close()), s)),
      startFleet(options.fleetSize, { history: kept.history, keys }).then((members) => (closers.push(() => Promise.all(members.map((m) => m.simulator.close())).then(() => undefined)), members))
    ])
    const devices: Array<SandboxDevice> = [
      { name: "Cassa 1", vendor: "Fisco", model: "Virtual RT printer", matricola: virtual.matricola, driverId: "virtual-printer", simulatorUrl: virtual.url },
      { name: "Cassa 2", vendor: "Epson", model: "FP-81 II RT (simulated)", matricola: epson.matricola, driverId: "epson-rt", simulatorUrl: epson.url },
      ...fleet.map((m) => m.device)
    ]
    await keys.save()
    const info = await ensureSandbox(fisco, { dataDir: options.dataDir, url: options.url, devices })
    const scope: TenantScope = { tenantId: info.tenantId as TenantScope["tenantId"], livemode: false }
    const deviceOf = (key: string) => fisco.devices.get(scope, info.devices[key]!.deviceId as DeviceId)

    const recordClosure = (device: Device, closure: ClosureResult) => {
      if (device.serial) kept.record(device.serial, { closures: closure.zNumber, lastClosureDate: closure.date })
    }
    for (const member of fleet) {
      if (!member.profile.prepare) continue
      const device = await deviceOf(member.device.key!)
      const context = { fisco, device, simulator: member.simulator, resumed: member.resumed, closed: (c: ClosureResult) => recordClosure(device, c) }
      await member.profile.prepare(context).catch((error: unknown) =>
        options.logger.warn("sandbox: could not bring a fleet printer into its state", { key: member.device.key, error: String(error) })
      )
    }

    // Poll every running simulator. Fleet printers of earlier runs that have no simulator now
    // (a smaller --fleet-size, --no-fleet) stop being polled; devices the user added are left alone.
    const running = new Set(Object.values(info.devices).map((d) => d.deviceId))
    for (const id of running) await scheduleDevicePolls(scheduler, scope, id as DeviceId)
    for (const device of await allDevices(fisco, scope)) {
      if (!running.has(device.id) && isFleetMatricola(device.serial)) await unscheduleDevicePolls(scheduler, device.id)
    }

    const shopDevices = await Promise.all(fleet.filter((m) => m.profile.shop).map((m) => deviceOf(m.device.key!)))
    const shop: Shop = startShop(fisco, shopDevices, {
      salesEverySeconds: options.salesEverySeconds,
      salesPerRound: 2,
      closeEveryMinutes: options.closeEveryMinutes,
      // A poll right after each Z brings the day's corrispettivi into the archive without waiting for the next tick.
      onClosure: (device, closure) => {
        recordClosure(device, closure)
        enqueueDevicePoll(scheduler, scope, device.id).catch((error: unknown) =>
          options.logger.warn("sandbox shop: could not queue a poll after a Z", { deviceId: device.id, error: String(error) })
        )
      },
      logger: options.logger
    })
    closers.push(() => shop.stop())
    return { info, fleet, close }
  } catch (error) {
    await close()
    throw error
  }
}
