import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { eventually, startServe } from "./cli-support/run-cli.js"

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

interface SandboxJson {
  readonly url: string
  readonly apiKey: string
  readonly devices: Record<string, { readonly deviceId: string; readonly simulatorUrl: string; readonly matricola: string }>
}
interface AlarmJson {
  readonly deviceId: string
  readonly type: string
  readonly severity: string
  readonly state: string
  readonly details?: Record<string, unknown>
}

/** What each simulated printer's state must raise, written out here rather than read from the code under test. */
const EXPECTED: Record<string, ReadonlyArray<string>> = {
  "fleet-02-dgfe-near-full": ["dgfe.near-full"],
  "fleet-03-certificate-expiring": ["certificate.device.expiring"],
  "fleet-04-z-missing": ["day.closure-required"],
  "fleet-05-files-rejected": ["files.rejected", "transmission.rejected"],
  "fleet-06-case-open": ["case.open"],
  "fleet-07-service-mode": ["service-mode"],
  "fleet-08-verification-overdue": ["periodic-verification.overdue"],
  "fleet-09-offline": ["printer.offline"]
}

const readSandbox = (dataDir: string): SandboxJson => JSON.parse(readFileSync(join(dataDir, "sandbox.json"), "utf8")) as SandboxJson

describe("npm start: the sandbox fleet of simulated Epson RT printers", () => {
  it("registers printers in assorted states, polls them at once so /v1/alarms lists their alarms, sells and closes days, and keeps them across restarts", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "fisco-fleet-"))
    dirs.push(dataDir)
    // A quick shop: sales every second, a Z every three seconds.
    const args = ["--sandbox", "--port", "0", "--simulator-port", "0", "--data-dir", dataDir, "--sales-every", "1", "--z-every", "0.05"]
    const served = await startServe(args)
    let lastZ = 0
    let rejectedZ = 0
    try {
      const sandbox = readSandbox(dataDir)
      const auth = { authorization: `Bearer ${sandbox.apiKey}` }
      expect(Object.keys(sandbox.devices)).toEqual(["virtual-printer", "epson-rt", "fleet-01-healthy", ...Object.keys(EXPECTED)])
      const matricole = Object.values(sandbox.devices).map((d) => d.matricola)
      expect(new Set(matricole).size).toBe(matricole.length)

      const alarms = async (): Promise<ReadonlyArray<AlarmJson>> => {
        const res = await fetch(`${sandbox.url}/v1/alarms?state=raised&limit=100`, { headers: auth })
        expect(res.status).toBe(200)
        return ((await res.json()) as { data: ReadonlyArray<AlarmJson> }).data
      }
      const typesOf = (list: ReadonlyArray<AlarmJson>, key: string) => list.filter((a) => a.deviceId === sandbox.devices[key]!.deviceId).map((a) => a.type)
      const everyExpected = (list: ReadonlyArray<AlarmJson>) => Object.entries(EXPECTED).every(([key, types]) => types.every((t) => typesOf(list, key).includes(t)))

      // Well within the minute the issue promises, even on a slow CI machine.
      const raised = await eventually(async () => {
        const list = await alarms()
        return everyExpected(list) ? list : undefined
      }, "an alarm from every printer in a faulty state", 50_000)
      for (const [key, types] of Object.entries(EXPECTED)) expect(typesOf(raised, key)).toEqual(expect.arrayContaining([...types]))

      // The healthy printer was polled too (it has a status), and raised nothing but the census notice.
      const healthy = sandbox.devices["fleet-01-healthy"]!
      const status = await eventually(async () => {
        const res = await fetch(`${sandbox.url}/v1/devices/${healthy.deviceId}/status`, { headers: auth })
        return res.status === 200 ? ((await res.json()) as { health: string }) : undefined
      }, "the healthy printer's status", 30_000)
      expect(status.health).toBe("ok")
      // No health alarm; only the census notice of its first reading.
      expect(typesOf(await alarms(), "fleet-01-healthy")).toEqual(["device.new"])

      // The shop sells on the healthy printer and closes its days; AdE accepts them. The rejecting
      // one closed one day at its first start, and AdE rejected it.
      const closures = async (key: string) => {
        const res = await fetch(`${sandbox.devices[key]!.simulatorUrl}/admin/closures`)
        return ((await res.json()) as { closures: ReadonlyArray<{ z: number; documents: number; transmission?: { state: string } }> }).closures
      }
      const closed = await eventually(async () => {
        const list = await closures("fleet-01-healthy")
        return list.some((c) => c.documents > 0) ? list : undefined
      }, "a Z with sales on the healthy printer", 30_000)
      expect(closed.every((c) => c.transmission?.state === "accepted")).toBe(true)
      lastZ = Math.max(...closed.map((c) => c.z))
      const rejected = await closures("fleet-05-files-rejected")
      expect(rejected).toEqual([expect.objectContaining({ documents: 1, transmission: expect.objectContaining({ state: "rejected" }) })])
      rejectedZ = rejected[0]!.z
      // The days they closed reach the server's archive, verified: the healthy printer's accepted,
      // the rejecting one's with AdE's rejection (code 00200) on its alarm.
      interface FileJson {
        readonly deviceId: string
        readonly kind: string
        readonly zNumber: number
        readonly verification: { readonly state: string }
      }
      const archived = async (key: string) => {
        const res = await fetch(`${sandbox.url}/v1/corrispettivi?device_id=${sandbox.devices[key]!.deviceId}&limit=100`, { headers: auth })
        expect(res.status).toBe(200)
        return ((await res.json()) as { data: ReadonlyArray<FileJson> }).data
      }
      // The shop polls a printer right after its Z, so the archive follows within seconds.
      const healthyFiles = await eventually(async () => {
        const files = await archived("fleet-01-healthy")
        const z = closed[0]!.z
        return ["corrispettivi", "esito"].every((kind) => files.some((f) => f.kind === kind && f.zNumber === z)) ? files : undefined
      }, "the healthy printer's first Z in the archive", 30_000)
      expect(healthyFiles.every((f) => f.verification.state === "verified")).toBe(true)
      const rejectedFiles = await eventually(async () => {
        const files = await archived("fleet-05-files-rejected")
        return files.length >= 2 ? files : undefined
      }, "the rejected day in the archive", 30_000)
      expect(rejectedFiles.map((f) => [f.kind, f.zNumber]).sort()).toEqual([["corrispettivi", rejectedZ], ["esito", rejectedZ]])
      const rejection = (await alarms()).find((a) => a.deviceId === sandbox.devices["fleet-05-files-rejected"]!.deviceId && a.type === "transmission.rejected")
      expect(rejection?.details).toMatchObject({ zNumber: rejectedZ, adeCode: "00200" })

      // No other printer is touched by the shop.
      expect(await closures("fleet-02-dgfe-near-full")).toEqual([])
      expect(typesOf(await alarms(), "fleet-01-healthy")).toEqual(["device.new"])
    } finally {
      expect(await served.stop()).toBe(0)
    }
    const first = readSandbox(dataDir)
    // Signing keys are slow to make: they are kept, one per printer plus one for the simulated AdE.
    const keys = readFileSync(join(dataDir, "simulator-keys.json"), "utf8")
    expect(Object.keys(JSON.parse(keys))).toHaveLength(Object.keys(EXPECTED).length + 3)

    // Without the fleet, only the two demo printers run…
    const bare = await startServe([...args, "--no-fleet"])
    expect(Object.keys(readSandbox(dataDir).devices)).toEqual(["virtual-printer", "epson-rt"])
    expect(await bare.stop()).toBe(0)

    // …and the fleet comes back as the same devices, with no duplicates registered.
    const again = await startServe(args)
    try {
      const second = readSandbox(dataDir)
      expect(readFileSync(join(dataDir, "simulator-keys.json"), "utf8")).toBe(keys)
      expect(second.apiKey).toBe(first.apiKey)
      for (const [key, d] of Object.entries(first.devices)) expect(second.devices[key]?.deviceId).toBe(d.deviceId)
      const res = await fetch(`${second.url}/v1/devices?limit=100`, { headers: { authorization: `Bearer ${second.apiKey}` } })
      expect(((await res.json()) as { data: ReadonlyArray<unknown> }).data).toHaveLength(Object.keys(first.devices).length)
      // The healthy printer goes on from its last Z instead of numbering its days from 1 again.
      const state = (await (await fetch(`${second.devices["fleet-01-healthy"]!.simulatorUrl}/admin/state`)).json()) as { currentZ: number }
      expect(lastZ).toBeGreaterThan(0)
      expect(state.currentZ).toBeGreaterThan(lastZ)
      // The rejecting printer is not made to close another day on each restart: it keeps its history.
      const rejecting = (await (await fetch(`${second.devices["fleet-05-files-rejected"]!.simulatorUrl}/admin/state`)).json()) as { currentZ: number }
      expect(rejecting.currentZ).toBe(rejectedZ + 1)
      expect(await (await fetch(`${second.devices["fleet-05-files-rejected"]!.simulatorUrl}/admin/closures`)).json()).toEqual({ closures: [] })
    } finally {
      expect(await again.stop()).toBe(0)
    }
  }, 180_000)

  it("refuses a fleet size it cannot run", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "fisco-fleet-"))
    dirs.push(dataDir)
    await expect(startServe(["--sandbox", "--port", "0", "--data-dir", dataDir, "--fleet-size", "many"])).rejects.toThrow(/--fleet-size must be an integer/)
  })
})
