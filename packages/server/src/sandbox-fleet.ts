import type { ClosureResult, Device, Fisco } from "@fisco/core"
import { type EpsonSimulator, type InitialState, startEpsonSimulator } from "@fisco/driver-epson-rt/simulator"
import type { SandboxDevice } from "./sandbox.js"
import type { SimulatorKeys } from "./sandbox-keys.js"
import { printOn, saleNumber } from "./sandbox-shop.js"

const DAY_MS = 86_400_000
/** A calendar date `days` from today (UTC), as the simulator's conditions take it. */
const inDays = (days: number, now = Date.now()): string => new Date(now + days * DAY_MS).toISOString().slice(0, 10)

/**
 * One state a simulated printer of the sandbox fleet is kept in, and the alarm types the health
 * rules raise for it (`expectedAlarms`), which docs and tests rely on.
 */
export interface FleetProfile {
  /** Part of the sandbox.json key `fleet-NN-<key>`. */
  readonly key: string
  readonly label: string
  readonly expectedAlarms: ReadonlyArray<string>
  /** Conditions and fiscal history the simulator starts from. */
  readonly state: () => InitialState
  /** Whether the sandbox shop sells on it and closes its days. */
  readonly shop: boolean
  /** Brings the printer into its state through its driver once it is registered (a sale on an earlier day…). */
  readonly prepare?: (context: PrepareContext) => Promise<void>
}

export interface PrepareContext {
  readonly fisco: Fisco
  readonly device: Device
  readonly simulator: EpsonSimulator
  /** Whether the printer resumed a history kept from an earlier run (it closed a day before). */
  readonly resumed: boolean
  /** Keeps a Z the preparation made, as the shop's are, so the next run goes on from it. */
  readonly closed: (closure: ClosureResult) => void
}

/** The fleet's states, in the order devices are created; a larger `--fleet-size` cycles through them. */
export const FLEET_PROFILES: ReadonlyArray<FleetProfile> = [
  { key: "healthy", label: "healthy", expectedAlarms: [], state: () => ({}), shop: true },
  { key: "dgfe-near-full", label: "DGFE near full", expectedAlarms: ["dgfe.near-full"], state: () => ({ dgfe: "near-full" }), shop: false },
  {
    key: "certificate-expiring",
    label: "device certificate expiring",
    expectedAlarms: ["certificate.device.expiring"],
    state: () => ({ certificateExpiry: inDays(12) }),
    shop: false
  },
  {
    key: "z-missing",
    label: "no Z for days",
    expectedAlarms: ["day.closure-required"],
    // The last Z was five days ago and the day opened by a sale three days ago was never closed.
    state: () => ({ closures: 211, lastClosureDate: inDays(-5) }),
    shop: false,
    prepare: async ({ fisco, device, simulator }) => {
      await simulator.control.setClock(new Date(Date.now() - 3 * DAY_MS).toISOString())
      try {
        await printOn(fisco, device, (printer) => printer.printSale(saleNumber(1)))
      } finally {
        await simulator.control.setClock(null)
      }
    }
  },
  {
    key: "files-rejected",
    label: "files rejected by AdE",
    expectedAlarms: ["files.rejected", "transmission.rejected"],
    // AdE rejects this device's transmissions. On its first run it sells and closes a day, so its
    // archive holds a COR10 and AdE's signed rejection (ESITO); later runs keep that history.
    state: () => ({ transmission: "rejected", filesRejected: 1 }),
    shop: false,
    prepare: async ({ fisco, device, resumed, closed }) => {
      if (resumed) return
      await printOn(fisco, device, (printer) => printer.printSale(saleNumber(2)))
      closed(await printOn(fisco, device, (printer) => printer.dailyClosure))
    }
  },
  { key: "case-open", label: "case open", expectedAlarms: ["case.open"], state: () => ({ caseOpen: true }), shop: false },
  { key: "service-mode", label: "service (SET) mode", expectedAlarms: ["service-mode"], state: () => ({ mode: "set" }), shop: false },
  {
    key: "verification-overdue",
    label: "periodic verification overdue",
    expectedAlarms: ["periodic-verification.overdue"],
    state: () => ({ periodicVerification: inDays(-20) }),
    shop: false
  },
  { key: "offline", label: "offline (paper end)", expectedAlarms: ["printer.offline"], state: () => ({ paper: "end" }), shop: false }
]

/** Fleet matricole: maker 99 (simulated), type M, model EY, progressive 1NNNNN. */
const fleetMatricola = (n: number) => `99MEY1${String(n).padStart(5, "0")}`
export const isFleetMatricola = (serial: string | undefined): boolean => serial !== undefined && /^99MEY1\d{5}$/.test(serial)

/** A running member of the fleet: its simulator and how the sandbox registers it. */
export interface FleetMember {
  readonly profile: FleetProfile
  readonly simulator: EpsonSimulator
  readonly device: SandboxDevice
  /** It started from a Z kept from an earlier run. */
  readonly resumed: boolean
}

/** A printer's fiscal history as the sandbox keeps it between runs: its last Z. */
export interface FleetHistory {
  readonly closures: number
  readonly lastClosureDate: string
}

/**
 * Starts `size` simulated Epson RT printers on free ports, cycling through `FLEET_PROFILES`. Each
 * gets its own matricola (`99MEY1NNNNN`), stable across restarts so the same devices are reused,
 * resumes from its last Z in `history` (by matricola) so Z numbers never repeat, and signs with the
 * keys kept in `keys` (made once: RSA keys are slow to generate).
 */
export const startFleet = async (
  size: number,
  options: { readonly history?: Readonly<Record<string, FleetHistory>>; readonly keys: Pick<SimulatorKeys, "ade" | "device"> }
): Promise<ReadonlyArray<FleetMember>> => {
  const started = await Promise.allSettled(
    Array.from({ length: size }, async (_, i): Promise<FleetMember> => {
      const profile = FLEET_PROFILES[i % FLEET_PROFILES.length]!
      const n = String(i + 1).padStart(2, "0")
      const matricola = fleetMatricola(i + 1)
      const resumed = options.history?.[matricola]
      const [credentials, adeCredentials] = await Promise.all([options.keys.device(matricola), options.keys.ade()])
      const simulator = await startEpsonSimulator({ matricola, state: { ...profile.state(), ...resumed }, credentials, adeCredentials })
      return {
        profile,
        simulator,
        resumed: resumed !== undefined,
        device: {
          key: `fleet-${n}-${profile.key}`,
          name: `Fleet ${n}: ${profile.label}`,
          vendor: "Epson",
          model: "FP-81 II RT (simulated)",
          matricola,
          driverId: "epson-rt",
          simulatorUrl: simulator.url
        }
      }
    })
  )
  const members = started.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []))
  const failed = started.find((r) => r.status === "rejected")
  if (failed) {
    await Promise.all(members.map((m) => m.simulator.close()))
    throw failed.reason
  }
  return members
}
