import { hostname } from "node:os"
import {
  type AgentItem,
  type AnyDriver,
  type Device,
  type AgentItemResult,
  type DriverRegistry,
  MAX_DELIVERY_ITEMS,
  createDriverRegistry,
  isNoAnswer
} from "@fisco/core"
import { type BackoffOptions, DEFAULT_BACKOFF, backoffDelay } from "./backoff.js"
import { AgentConfigError, RequestRefused, type ServerClient, createServerClient } from "./client.js"
import { runCommand } from "./commands.js"
import { readStatus } from "./device-io.js"
import { ARCHIVE_DAYS, CATCH_UP_DAYS, CATCH_UP_EVERY_MS, collectFiscal } from "./fiscal.js"
import { DEFAULT_QUEUE_LIMITS, type ItemClass, type LocalQueue, type QueueLimits, openLocalQueue } from "./queue.js"

export const AGENT_VERSION = "0.0.0"

export interface AgentLogger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

export interface AgentOptions {
  readonly server: string
  /** API key with the `agent` scope. */
  readonly key: string
  /** Where the queue file lives (default `./.fisco-agent`). */
  readonly dataDir: string
  /** The drivers this agent can drive; devices with another driver are reported and skipped. */
  readonly drivers: DriverRegistry | ReadonlyArray<AnyDriver>
  /** Seconds between two polls of every device (default 60). */
  readonly pollIntervalSeconds?: number
  /** How this agent is listed on the server (default: the host name). */
  readonly name?: string
  /**
   * The sites (shops) this agent serves: it polls, and prints on, only their devices. Empty (the
   * default): every agent device of the tenant, for a tenant with one shop.
   */
  readonly siteIds?: ReadonlyArray<string>
  readonly limits?: Partial<QueueLimits>
  readonly backoff?: BackoffOptions
  /** Items per push (default and most 200). */
  readonly batchSize?: number
  readonly logger?: AgentLogger
  /** For tests: the HTTP client (default `fetch` against `server`). */
  readonly client?: ServerClient
}

export interface Agent {
  readonly id: string
  readonly queue: LocalQueue
  /**
   * Loads the device list (from the server; from the copy in the data directory when the server is
   * down) and starts polling, pushing and taking commands. Fails with `AgentConfigError` when the
   * server refuses the key or is not a Fisco server, or when it is unreachable on a first start.
   */
  start(): Promise<void>
  /** Stops the loops, waits for the running round to end and closes the queue file. */
  stop(): Promise<void>
  /** One poll of every device (what the schedule runs); exposed for hosts and tests. */
  pollOnce(): Promise<void>
  /** Pushes the whole queue once; true when it is empty afterwards. */
  pushOnce(): Promise<boolean>
  /** Claims and runs the agent's commands once. */
  commandsOnce(): Promise<void>
}

const DEVICES_META = "devices"
/** How often the device list is refreshed from the server, in poll rounds. */
const DEVICE_REFRESH_ROUNDS = 5

/** Stays well under the server's 1 MiB request limit. */
const MAX_BATCH_BYTES = 512 * 1024

/** The longest prefix of `items` within `MAX_BATCH_BYTES` (always at least one item). */
const fitBytes = <T extends { readonly body: unknown }>(items: ReadonlyArray<T>): ReadonlyArray<T> => {
  let bytes = 0
  const fitted: T[] = []
  for (const item of items) {
    bytes += Buffer.byteLength(JSON.stringify(item.body))
    if (fitted.length > 0 && bytes > MAX_BATCH_BYTES) break
    fitted.push(item)
  }
  return fitted
}

const classOf = (item: Pick<AgentItem, "kind">): ItemClass =>
  item.kind === "log" ? "log" : item.kind === "fiscal.file" || item.kind === "z.transmission" ? "fiscal" : "status"

const consoleLogger: AgentLogger = {
  info: (m) => console.error(`fisco-agent: ${m}`),
  warn: (m) => console.error(`fisco-agent: warning: ${m}`),
  error: (m) => console.error(`fisco-agent: ERROR: ${m}`)
}

/**
 * The Fisco agent runtime: polls the devices of its tenant that the server cannot reach, through
 * the host's drivers, into a local store-and-forward queue, and pushes that queue to the server in
 * order. Each item keeps the id it got when queued, and the server applies each id once, so a
 * re-send after a lost reply or a restart never counts twice.
 */
export const createAgent = (options: AgentOptions): Agent => {
  const drivers = Array.isArray(options.drivers) ? createDriverRegistry(options.drivers) : (options.drivers as DriverRegistry)
  const client = options.client ?? createServerClient({ server: options.server, key: options.key, ...(options.siteIds ? { siteIds: options.siteIds } : {}) })
  const queue = openLocalQueue(options.dataDir, { ...DEFAULT_QUEUE_LIMITS, ...options.limits })
  const log = options.logger ?? consoleLogger
  const intervalMs = (options.pollIntervalSeconds ?? 60) * 1000
  const batchSize = Math.min(options.batchSize ?? MAX_DELIVERY_ITEMS, MAX_DELIVERY_ITEMS)
  const name = options.name ?? hostname()
  let devices: ReadonlyArray<Device> = JSON.parse(queue.getMeta(DEVICES_META) ?? "[]") as ReadonlyArray<Device>
  let rounds = 0
  let running = false
  let wake: (() => void) | undefined
  const loops: Promise<void>[] = []
  let fullReported = false
  /** When each device's archive was last read back `CATCH_UP_DAYS` (first round after start, then every few hours). */
  const lastCatchUp = new Map<string, number>()

  /** A full queue of fiscal data is reported loudly, once per episode (then once per skipped round). */
  const reportFull = () => {
    if (fullReported) return
    fullReported = true
    log.error(`local queue full of fiscal data (${JSON.stringify(queue.stats())}); polling stopped until the server takes it`)
  }
  const enqueue = (item: Omit<AgentItem, "id">): void => {
    const outcome = queue.enqueue(classOf(item as AgentItem), item as Record<string, unknown>)
    if (!outcome.queued && "full" in outcome) reportFull()
  }
  /** RT devices whose driver reads the on-device archive or the Z transmission state. */
  const hasFiscalArchive = (device: Device) => {
    if (device.kind !== "rt-printer" && device.kind !== "rt-server") return false
    const capabilities: ReadonlyArray<string> = drivers.get(device.driver.id)?.capabilities ?? []
    return capabilities.includes("fiscal-archive") || capabilities.includes("z-transmission")
  }
  const agentLog = (level: "info" | "warn" | "error", message: string, deviceId?: string) => {
    log[level](message)
    enqueue({ kind: "log", at: new Date().toISOString(), level, message, ...(deviceId ? { deviceId } : {}) } as Omit<AgentItem, "id">)
  }

  const refreshDevices = async (): Promise<void> => {
    const list = await client.devices()
    const known = new Set(devices.map((d) => d.id))
    if (list.length !== devices.length || list.some((d) => !known.has(d.id))) log.info(`polling ${list.length} device(s): ${list.map((d) => d.serial).join(", ") || "none"}`)
    devices = list
    queue.setMeta(DEVICES_META, JSON.stringify(list))
  }

  const pollDevice = async (device: Device): Promise<void> => {
    if (!drivers.get(device.driver.id)) {
      agentLog("warn", `device ${device.id} uses driver ${device.driver.id}, which this agent does not have; skipped`, device.id)
      return
    }
    const observedAt = new Date().toISOString()
    try {
      const reading = await readStatus(drivers, device)
      enqueue({ kind: "device.status", deviceId: device.id, observedAt, reading } as Omit<AgentItem, "id">)
    } catch (error) {
      if (isNoAnswer(error)) {
        enqueue({ kind: "device.no-answer", deviceId: device.id, observedAt, error: { code: error.code, message: error.message } } as Omit<AgentItem, "id">)
      } else {
        agentLog("warn", `status of ${device.serial}: ${error instanceof Error ? error.message : String(error)}`, device.id)
      }
      return
    }
    if (!hasFiscalArchive(device)) return
    try {
      const now = new Date()
      const catchUp = now.getTime() - (lastCatchUp.get(device.id) ?? Number.NEGATIVE_INFINITY) >= CATCH_UP_EVERY_MS
      const round = await collectFiscal(drivers, queue, device, now, catchUp ? CATCH_UP_DAYS : ARCHIVE_DAYS)
      if (catchUp) lastCatchUp.set(device.id, now.getTime())
      if (round.full) reportFull()
    } catch (error) {
      // Read again next round: only files and states actually queued are remembered.
      agentLog("warn", `fiscal archive of ${device.serial}: ${error instanceof Error ? error.message : String(error)}`, device.id)
    }
  }

  const pollOnce = async (): Promise<void> => {
    if (rounds++ % DEVICE_REFRESH_ROUNDS === 0) {
      await refreshDevices().catch((error: unknown) => {
        if (error instanceof AgentConfigError) throw error
        log.warn(`device list not refreshed (${error instanceof Error ? error.message : String(error)}); polling the last known ${devices.length}`)
      })
    }
    if (queue.stats().full) {
      log.error("local queue full of fiscal data: polling skipped")
      return
    }
    fullReported = false
    for (const device of devices) await pollDevice(device)
  }

  const report = () => {
    const stats = queue.stats()
    return { id: queue.agentId, name, version: AGENT_VERSION, queue: stats, dropped: queue.dropped() }
  }

  /** Items per push while narrowing down an item the server refuses (see `pushBatch`). */
  let narrowTo: number | undefined

  /**
   * Pushes one batch, at most `batchSize` items and `MAX_BATCH_BYTES`; throws when the server cannot
   * take it. A batch the server refuses as invalid (an item this server version does not know) is
   * retried one item at a time, so one bad item cannot hold the queue back: a refused log line or
   * status is dropped (and counted), a refused fiscal item is kept and the error surfaces.
   */
  const pushBatch = async (): Promise<number> => {
    const batch = fitBytes(queue.peek(narrowTo ?? batchSize))
    let reply
    try {
      reply = await client.deliver({ agent: report(), items: batch.map((i) => i.body as AgentItem) })
    } catch (error) {
      if (!(error instanceof RequestRefused) || batch.length === 0) throw error
      if (batch.length > 1) {
        narrowTo = 1
        return pushBatch()
      }
      const [item] = batch
      if (item!.itemClass === "fiscal") throw error
      log.warn(`server refused item ${item!.id} (${String(item!.body.kind)}), dropped: ${error.message}`)
      queue.drop(item!.id)
      return 1
    }
    if (narrowTo !== undefined && batch.length > 0) narrowTo = undefined
    const answered = new Set(reply.results.map((r: AgentItemResult) => r.id))
    const classes = new Map(batch.map((i) => [i.id, i.itemClass] as const))
    for (const r of reply.results) {
      if (r.outcome !== "rejected") continue
      // Fiscal data the server will not take is worth a line in the server-side log too.
      if (classes.get(r.id) === "fiscal") agentLog("error", `server rejected fiscal item ${r.id}: ${r.reason ?? "no reason"}`)
      else log.warn(`server rejected item ${r.id}: ${r.reason ?? "no reason"}`)
    }
    queue.ack(batch.filter((i) => answered.has(i.id)).map((i) => i.id))
    return batch.length
  }

  const pushOnce = async (): Promise<boolean> => {
    for (;;) {
      const sent = await pushBatch()
      if (sent === 0 || queue.stats().items === 0) return true
    }
  }

  /**
   * One round at a time: two rounds at once would both be handed the same claimed command and
   * both print it.
   */
  let commandRound: Promise<void> = Promise.resolve()
  const commandsOnce = (): Promise<void> => {
    const round = commandRound.then(runCommands, runCommands)
    commandRound = round.catch(() => {})
    return round
  }
  const runCommands = async (): Promise<void> => {
    const commands = await client.claimCommands(queue.agentId, 10)
    // A command for a device registered since the last refresh: learn it before giving up on it.
    if (commands.some((c) => !devices.some((d) => d.id === c.deviceId))) await refreshDevices()
    const byId = new Map(devices.map((d) => [d.id, d] as const))
    for (const command of commands) {
      const result = await runCommand(drivers, queue, byId, command)
      if (!result) continue
      await client.reportResult(command.id, queue.agentId, result)
      queue.journal.remove(command.id)
      log.info(`command ${command.id} (${command.kind}) ${result.state}`)
    }
  }

  /** Pending waits, each resolvable early: by `stop()`, and (the push loop's) by the end of a poll round. */
  const waits = new Set<() => void>()
  const wait = (ms: number, wakeable: boolean) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        waits.delete(done)
        if (wake === done) wake = undefined
        resolve()
      }
      const timer = setTimeout(done, ms)
      waits.add(done)
      if (wakeable) wake = done
    })

  const pollLoop = async () => {
    while (running) {
      await pollOnce().catch((error: unknown) => log.error(`poll round failed: ${error instanceof Error ? error.message : String(error)}`))
      // A round's readings go out together rather than one request per item.
      wake?.()
      if (running) await wait(intervalMs, false)
    }
  }
  const pushLoop = async () => {
    let failures = 0
    while (running) {
      try {
        await pushOnce()
        await commandsOnce()
        if (failures > 0) log.info("server reachable again")
        failures = 0
        if (running) await wait(intervalMs, true)
      } catch (error) {
        failures++
        const delay = backoffDelay(failures, options.backoff ?? DEFAULT_BACKOFF)
        if (failures === 1 || failures % 10 === 0) {
          log.warn(`push failed (${error instanceof Error ? error.message : String(error)}); ${queue.stats().items} item(s) kept, retry in ${Math.round(delay / 1000)} s`)
        }
        if (running) await wait(delay, false)
      }
    }
  }

  return {
    id: queue.agentId,
    queue,
    start: async () => {
      try {
        await refreshDevices()
      } catch (error) {
        if (error instanceof AgentConfigError) throw error
        if (queue.getMeta(DEVICES_META) === undefined) {
          throw new AgentConfigError(`${error instanceof Error ? error.message : String(error)} (a first start needs the server)`)
        }
        log.warn(`server unreachable at start (${error instanceof Error ? error.message : String(error)}); polling the ${devices.length} device(s) known from the last run`)
      }
      rounds = 1
      running = true
      log.info(`agent ${queue.agentId} started: ${devices.length} device(s), poll every ${intervalMs / 1000} s, queue ${JSON.stringify(queue.stats())}`)
      loops.push(pollLoop(), pushLoop())
    },
    stop: async () => {
      running = false
      for (const done of [...waits]) done()
      // A device read or a push in flight ends on its own timeout; do not hold a shutdown hostage to it.
      await Promise.race([Promise.all(loops.splice(0)), new Promise((resolve) => setTimeout(resolve, 5000).unref())])
      queue.close()
    },
    pollOnce,
    pushOnce,
    commandsOnce
  }
}
