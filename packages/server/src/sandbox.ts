import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import type { Device, Fisco, Site, TenantId, TenantScope } from "@fisco/core"
import { hashApiKey, issueApiKey } from "./index.js"

/** A simulated device the sandbox keeps registered, pointing at the simulator that runs beside the server. */
export interface SandboxDevice {
  /** Its entry in sandbox.json's `devices`; the driver id when absent (the two original demo printers). */
  readonly key?: string
  readonly name: string
  readonly vendor: string
  readonly model: string
  readonly matricola: string
  readonly driverId: string
  readonly simulatorUrl: string
}

export interface SandboxDeviceInfo {
  readonly deviceId: string
  readonly simulatorUrl: string
  readonly matricola: string
  readonly name?: string
}

/** What `npm start` leaves in `.fisco/sandbox.json` for scripts and partners' tooling. */
export interface SandboxInfo {
  readonly url: string
  readonly docsUrl: string
  readonly apiKey: string
  readonly tenantId: string
  readonly siteId: string
  /** The virtual printer (the first simulated device), kept for scripts written against it. */
  readonly deviceId: string
  readonly simulatorUrl: string
  /**
   * Every simulated device by key: the driver id for the two demo printers
   * (`{ "virtual-printer": { deviceId, simulatorUrl, matricola }, "epson-rt": … }`), `fleet-NN-<state>`
   * for the simulated fleet.
   */
  readonly devices: Record<string, SandboxDeviceInfo>
}

/** Every device of the sandbox tenant, page by page. */
export const allDevices = async (fisco: Fisco, scope: TenantScope): Promise<ReadonlyArray<Device>> => {
  const all: Array<Device> = []
  for (let startingAfter: string | undefined; ; ) {
    const page = await fisco.devices.list(scope, {}, { limit: 100, ...(startingAfter === undefined ? {} : { startingAfter }) })
    all.push(...page.data)
    if (!page.hasMore || page.data.length === 0) return all
    startingAfter = page.data[page.data.length - 1]!.id
  }
}

const readInfo = (file: string): Partial<SandboxInfo> => {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Partial<SandboxInfo>
  } catch {
    return {}
  }
}

/**
 * Makes sure the sandbox has a demo tenant with a test-mode key, a demo shop and one device per
 * simulator running beside the server (a virtual printer, an Epson RT printer). Reuses what an
 * earlier run created (the key is kept only in sandbox.json; the store holds its hash), so
 * restarting `npm start` keeps scripts working.
 */
export const ensureSandbox = async (
  fisco: Fisco,
  options: { readonly dataDir: string; readonly url: string; readonly devices: ReadonlyArray<SandboxDevice> }
): Promise<SandboxInfo> => {
  const { store } = fisco
  const file = join(options.dataDir, "sandbox.json")
  const previous = readInfo(file)

  let tenant = previous.tenantId ? await store.tenants.get(previous.tenantId as TenantId) : undefined
  tenant ??= await fisco.tenants.create({ name: "Sandbox" })
  const scope: TenantScope = { tenantId: tenant.id, livemode: false }

  const known = previous.apiKey && previous.tenantId === tenant.id ? await store.apiKeys.findByHash(hashApiKey(previous.apiKey)) : undefined
  const apiKey =
    known && !known.revokedAt
      ? previous.apiKey!
      : (await issueApiKey(store, { tenantId: tenant.id, name: "sandbox", livemode: false, scopes: ["*"], allowedIps: [] })).secret

  let site: Site | undefined = previous.siteId ? await store.sites.get(scope, previous.siteId as Site["id"]) : undefined
  site ??= await fisco.sites.create(scope, {
    name: "Negozio demo",
    address: { line1: "Via Roma 1", city: "Milano", postalCode: "20121", region: "MI", country: "IT" },
    timezone: "Europe/Rome"
  })

  const registered = await allDevices(fisco, scope)
  const ensureDevice = async (spec: SandboxDevice): Promise<Device> => {
    const key = spec.key ?? spec.driverId
    const previousId = previous.devices?.[key]?.deviceId ?? (key === "virtual-printer" ? previous.deviceId : undefined)
    // By id from sandbox.json, else by matricola: a device left out of one run (`--no-fleet`) is reused by the next.
    const existing =
      (previousId ? await store.devices.get(scope, previousId as Device["id"]) : undefined) ??
      registered.find((d) => d.vendor === spec.vendor && d.serial === spec.matricola)
    const config = { url: spec.simulatorUrl, matricola: spec.matricola }
    if (!existing) {
      return fisco.devices.create(scope, {
        siteId: site.id,
        kind: "rt-printer",
        name: spec.name,
        vendor: spec.vendor,
        model: spec.model,
        serial: spec.matricola,
        driver: { id: spec.driverId, config }
      })
    }
    if (existing.driver.config.url === spec.simulatorUrl) return existing
    // The simulator may listen on another port than last time; keep the demo device pointing at it.
    const driverConfig = fisco.drivers.validate(spec.driverId, "rt-printer", config)
    return (await store.devices.update(scope, { ...existing, driver: { id: spec.driverId, config: driverConfig }, updatedAt: new Date().toISOString() })) ?? existing
  }

  const devices: SandboxInfo["devices"] = {}
  for (const spec of options.devices) {
    const device = await ensureDevice(spec)
    devices[spec.key ?? spec.driverId] = { deviceId: device.id, simulatorUrl: spec.simulatorUrl, matricola: spec.matricola, name: spec.name }
  }
  const [first] = Object.values(devices)

  const info: SandboxInfo = {
    url: options.url,
    docsUrl: `${options.url}/docs`,
    apiKey,
    tenantId: tenant.id,
    siteId: site.id,
    deviceId: first?.deviceId ?? "",
    simulatorUrl: first?.simulatorUrl ?? "",
    devices
  }
  writeFileSync(file, `${JSON.stringify(info, null, 2)}
`, { mode: 0o600 })
  return info
}
