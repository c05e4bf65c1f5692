import { FiscalPrinter, createDriverRegistry, runDevice } from "@fisco/core"
import { epsonRtDriver } from "@fisco/driver-epson-rt"
import { createAgent, printSale } from "@fisco/agent"
import { Effect, type Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type AgentWorld, createAgentWorld, quietLogger, startLossyProxy } from "./support/agent-world.js"

/**
 * Fiscal data through the agent: a simulated Epson RT closes its day; the agent reads the signed
 * corrispettivi and AdE's ESITO from the device's archive and the Z's transmission state, queues
 * them as fiscal data and the server archives each once (`fisco.corrispettivi`).
 */
let w: AgentWorld
beforeAll(async () => {
  w = await createAgentWorld({ transmission: "queued" })
})
afterAll(() => w.close())

const registry = createDriverRegistry([epsonRtDriver])
const closeDay = async () => {
  await printSale(registry, w.device, {
    lines: [{ description: "Focaccia", quantityMilli: 1000, unitPrice: 300, amount: 300, vat: { _tag: "rate", basisPoints: 1000 } }],
    payments: [{ method: "cash", amount: 300 }]
  })
  return runDevice(Effect.flatMap(FiscalPrinter, (p) => p.dailyClosure).pipe(Effect.provide(registry.layerFor(w.device) as Layer.Layer<FiscalPrinter>)))
}
const files = async () => (await w.fisco.corrispettivi.list(w.scope, { deviceId: w.device.id }, { limit: 100 })).data
const transmissions = async () => (await w.fisco.corrispettivi.transmissions.list(w.scope, { deviceId: w.device.id }, { limit: 100 })).data

describe("fiscal data through the agent", () => {
  it("archives each corrispettivi and ESITO file once, with the Z's transmission state, even when a reply is lost", async () => {
    const proxy = await startLossyProxy(w.url)
    try {
      const agent = w.newAgent(w.tempDir(), { server: proxy.url })
      const closure = await closeDay()
      await agent.pollOnce()
      const queued = agent.queue.peek(100)
      expect(queued.map((i) => `${i.itemClass}:${String(i.body.kind)}`)).toEqual(["status:device.status", "fiscal:fiscal.file", "fiscal:z.transmission"])

      // The server takes the batch but the agent never hears it; the re-send changes nothing.
      proxy.dropNextDeliveryReply()
      await expect(agent.pushOnce()).rejects.toThrow()
      expect(await agent.pushOnce()).toBe(true)
      const afterClose = await files()
      expect(afterClose).toEqual([expect.objectContaining({ kind: "corrispettivi", source: "agent", zNumber: closure.zNumber, verification: expect.objectContaining({ state: "verified" }) })])
      expect(await transmissions()).toEqual([expect.objectContaining({ zNumber: closure.zNumber, state: "queued" })])

      // AdE accepts; the next round brings the ESITO and the `sent` state.
      await w.sim.control.deliverTransmissions("accepted")
      await agent.pollOnce()
      expect(agent.queue.peek(100).map((i) => String(i.body.kind))).toEqual(["device.status", "fiscal.file", "z.transmission"])
      expect(await agent.pushOnce()).toBe(true)
      const all = await files()
      expect(all.map((f) => f.kind).sort()).toEqual(["corrispettivi", "esito"])
      expect(await transmissions()).toEqual([expect.objectContaining({ zNumber: closure.zNumber, state: "accepted" })])

      // Nothing new on the device: nothing new queued.
      await agent.pollOnce()
      expect(agent.queue.peek(100).map((i) => String(i.body.kind))).toEqual(["device.status"])
      await agent.stop()
    } finally {
      await proxy.close()
    }
  })

  it("with its queue full of fiscal data the agent drops statuses, keeps every fiscal item, stops polling and says so", async () => {
    const lines: string[] = []
    const agent = createAgent({
      server: w.url(),
      key: w.agentKey,
      dataDir: w.tempDir(),
      drivers: [epsonRtDriver],
      limits: { maxItems: 2 },
      logger: quietLogger(lines)
    })
    try {
      await closeDay()
      await agent.pollOnce()
      // Status, corrispettivi file, transmission state: the status made room; the state found no room.
      expect(agent.queue.peek(10).map((i) => i.itemClass)).toEqual(["fiscal", "fiscal"])
      expect(agent.queue.dropped()).toEqual({ log: 0, status: 1 })
      expect(agent.queue.stats().full).toBe(true)
      expect(lines.some((l) => l.startsWith("error") && l.includes("full of fiscal data"))).toBe(true)

      // Full: the next round does not poll at all (nothing read, nothing dropped).
      const held = agent.queue.peek(10).map((i) => i.id)
      await agent.pollOnce()
      expect(agent.queue.peek(10).map((i) => i.id)).toEqual(held)
      expect(agent.queue.dropped()).toEqual({ log: 0, status: 1 })

      // The server hears it with the delivery, raises agent.queue-full, and takes the fiscal data.
      await agent.pushOnce()
      const raised = await w.fisco.alarms.list(w.scope, { type: "agent.queue-full" })
      expect(raised.data).toEqual([expect.objectContaining({ severity: "critical", details: expect.objectContaining({ agentId: agent.id }) })])
      expect(agent.queue.stats()).toMatchObject({ items: 0, full: false })

      // Room again: polling resumes and reads what was left on the device (this test's earlier days
      // too, two items at a time); once a round fits, the next delivery clears the alarm.
      const kinds: string[] = []
      for (let round = 0; round < 10 && (round === 0 || agent.queue.stats().full); round++) {
        await agent.pollOnce()
        kinds.push(...agent.queue.peek(10).map((i) => String(i.body.kind)))
        await agent.pushOnce()
      }
      expect(kinds).toContain("z.transmission")
      expect(agent.queue.stats().full).toBe(false)
      await agent.pushOnce()
      expect((await w.fisco.alarms.get(w.scope, raised.data[0]!.id)).state).toBe("cleared")
      expect(agent.queue.dropped().log).toBe(0)
    } finally {
      await agent.stop()
    }
  })
})
