import { RequestRefused, ServerUnavailable } from "@fisco/agent"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { eventually } from "./cli-support/run-cli.js"
import { type AgentWorld, createAgentWorld, startLossyProxy } from "./support/agent-world.js"

/**
 * The acceptance story of issue 4 item 1, with real parts only: a Fisco server on SQLite over real
 * HTTP, an Epson RT simulator and the agent runtime on its own queue file. The simulator reports its
 * DGFE near full, so every status the server applies bumps that alarm's occurrences by one: the
 * alarm counts effects, the deliveries table counts ids, the status table counts readings.
 */
let w: AgentWorld
beforeAll(async () => {
  w = await createAgentWorld({ dgfe: "near-full" })
})
afterAll(() => w.close())

const statusRows = () => w.count("select count(*) as n from device_statuses where device_id = ?", w.device.id)
const deliveredStatuses = (agentId: string) =>
  w.count("select count(*) as n from agent_deliveries where agent_id = ? and kind in ('device.status', 'device.no-answer')", agentId)
const deliveredOnce = (agentId: string, itemId: string) => w.count("select count(*) as n from agent_deliveries where agent_id = ? and item_id = ?", agentId, itemId)
const dgfeOccurrences = async () => {
  const alarms = await w.fisco.alarms.list(w.scope, { deviceId: w.device.id, type: "dgfe.near-full" })
  return alarms.data.reduce((sum, a) => sum + a.occurrences, 0)
}

describe("agent store-and-forward against a real server", () => {
  it("keeps polling while the server is cut, survives a restart, and delivers every item exactly once", async () => {
    const dataDir = w.tempDir()
    const first = w.newAgent(dataDir)
    await first.start()
    await eventually(async () => (statusRows() >= 2 ? true : undefined), "first statuses on the server")

    await w.cut()
    const queuedAtCut = first.queue.stats().items
    await eventually(async () => (first.queue.stats().items >= queuedAtCut + 3 ? true : undefined), "statuses queued while the server is down")
    await first.stop()

    // A new agent process on the same queue file, started while the server is still down.
    const second = w.newAgent(dataDir)
    expect(second.id).toBe(first.id)
    const heldAtRestart = second.queue.stats().items
    expect(heldAtRestart).toBeGreaterThanOrEqual(3)
    await second.start()
    await eventually(async () => (second.queue.stats().items >= heldAtRestart + 2 ? true : undefined), "polling after the restart, offline")
    const offline = second.queue.peek(10_000)
    expect(offline.every((i) => i.itemClass === "status")).toBe(true)

    await w.restore()
    await eventually(
      async () => (offline.every((i) => deliveredOnce(second.id, i.id) === 1) ? true : undefined),
      "every item queued offline delivered",
      30_000
    )
    await second.stop()

    for (const item of offline) expect(deliveredOnce(second.id, item.id)).toBe(1)
    // Each delivered id made exactly one reading, and each reading exactly one alarm occurrence.
    const delivered = deliveredStatuses(second.id)
    expect(delivered).toBeGreaterThanOrEqual(offline.length + 2)
    expect(statusRows()).toBe(delivered)
    expect(await dgfeOccurrences()).toBe(delivered)

    const agents = await fetch(`${w.url()}/v1/agents`, { headers: { Authorization: `Bearer ${w.adminKey}` } }).then((r) => r.json() as Promise<{ data: unknown[] }>)
    expect(agents.data).toEqual([
      expect.objectContaining({ id: second.id, name: "Cassa centro", version: expect.any(String), dropped: { log: 0, status: 0 } })
    ])
  })

  it("re-sends a delivery whose reply was lost and the server counts it once", async () => {
    const proxy = await startLossyProxy(w.url)
    try {
      const agent = w.newAgent(w.tempDir(), { server: proxy.url })
      await agent.pollOnce()
      await agent.pollOnce()
      const items = agent.queue.peek(100)
      expect(items).toHaveLength(2)
      const statusesBefore = statusRows()
      const occurrencesBefore = await dgfeOccurrences()

      proxy.dropNextDeliveryReply()
      await expect(agent.pushOnce()).rejects.toBeInstanceOf(ServerUnavailable)
      expect(proxy.dropped()).toBe(1)
      // The server committed; the agent did not hear it and still holds both items.
      for (const item of items) expect(deliveredOnce(agent.id, item.id)).toBe(1)
      expect(agent.queue.peek(100).map((i) => i.id)).toEqual(items.map((i) => i.id))
      expect(statusRows()).toBe(statusesBefore + 2)

      expect(await agent.pushOnce()).toBe(true)
      expect(agent.queue.stats().items).toBe(0)
      for (const item of items) expect(deliveredOnce(agent.id, item.id)).toBe(1)
      expect(statusRows()).toBe(statusesBefore + 2)
      expect(await dgfeOccurrences()).toBe(occurrencesBefore + 2)
      await agent.stop()
    } finally {
      await proxy.close()
    }
  })

  it("reports a device that does not answer, which raises device.unreachable as a server poll would", async () => {
    const agent = w.newAgent(w.tempDir())
    await w.sim.control.inject("down")
    try {
      await agent.pollOnce()
      await agent.pollOnce()
      expect(agent.queue.peek(10).map((i) => i.body.kind)).toEqual(["device.no-answer", "device.no-answer"])
      await agent.pushOnce()
    } finally {
      await w.sim.control.clearFaults()
    }
    const alarms = await w.fisco.alarms.list(w.scope, { deviceId: w.device.id, type: "device.unreachable" })
    expect(alarms.data).toEqual([expect.objectContaining({ state: "raised" })])
    const latest = await w.fisco.devices.latestStatus(w.scope, w.device.id)
    expect(latest?.health).toBe("unreachable")
    // Back to normal: two good readings clear it.
    await agent.pollOnce()
    await agent.pollOnce()
    await agent.pushOnce()
    const after = await w.fisco.alarms.get(w.scope, alarms.data[0]!.id)
    expect(after.state).toBe("cleared")
    await agent.stop()
  })

  it("an item the server refuses does not hold the queue back, unless it is fiscal data", async () => {
    const agent = w.newAgent(w.tempDir())
    await agent.pollOnce()
    // An item kind this server does not know, as a newer agent might queue.
    agent.queue.enqueue("status", { kind: "device.future", deviceId: w.device.id, observedAt: new Date().toISOString() })
    await agent.pollOnce()
    const [good1, refused, good2] = agent.queue.peek(10)
    expect(await agent.pushOnce()).toBe(true)
    expect(deliveredOnce(agent.id, good1!.id)).toBe(1)
    expect(deliveredOnce(agent.id, good2!.id)).toBe(1)
    expect(deliveredOnce(agent.id, refused!.id)).toBe(0)
    expect(agent.queue.dropped()).toEqual({ log: 0, status: 1 })

    agent.queue.enqueue("fiscal", { kind: "fiscal.future", deviceId: w.device.id })
    await expect(agent.pushOnce()).rejects.toBeInstanceOf(RequestRefused)
    expect(agent.queue.peek(10).map((i) => i.itemClass)).toEqual(["fiscal"])
    await agent.stop()
  })
})
