import { type Agent, type AgentCommand, type AgentCommandId, type AgentId, type DeviceId, type TenantScope, ulid } from "@fisco/core"
import { describe, expect, it } from "vitest"
import { freshTenant, instant, nextId, now, storedDevice } from "./fixtures.js"
import type { SuiteContext } from "./suite-context.js"

const anAgent = (scope: TenantScope, overrides: Partial<Agent> = {}): Agent => ({
  id: nextId("agt") as AgentId,
  tenantId: scope.tenantId,
  livemode: scope.livemode,
  name: "Cassa 1",
  version: "1.0.0",
  lastSeenAt: now(),
  queue: { items: 0, bytes: 0, full: false },
  dropped: { log: 0, status: 0 },
  createdAt: now(),
  ...overrides
})

const aCommand = (scope: TenantScope, deviceId: DeviceId, overrides: Partial<AgentCommand> = {}): AgentCommand => ({
  id: nextId("acmd") as AgentCommandId,
  tenantId: scope.tenantId,
  livemode: scope.livemode,
  deviceId,
  kind: "print-sale",
  payload: {
    lines: [{ description: "Caffè", quantityMilli: 1000, unitPrice: 120, amount: 120, vat: { _tag: "rate", basisPoints: 2200 } }],
    payments: [{ method: "cash", amount: 120 }]
  },
  state: "pending",
  attempts: 0,
  createdAt: now(),
  updatedAt: now(),
  ...overrides
})

const done = { state: "done" as const, document: { kind: "sale" as const, number: { z: 3, document: 12 }, issuedAt: "2025-03-01T09:00:00.000Z", total: 120 } }

export const agentTests = ({ store }: SuiteContext) =>
  describe("agents and agent commands", () => {
    it("registers an agent, refreshes what it reports, keeps its creation time, and keeps it in its scope", async () => {
      const { live, test } = await freshTenant(store())
      const agent = await store().agents.upsert(anAgent(live, { lastSeenAt: instant(0), createdAt: instant(0) }))
      expect(await store().agents.get(live, agent.id)).toStrictEqual(agent)
      const refreshed = await store().agents.upsert({
        ...agent,
        version: "1.1.0",
        lastSeenAt: instant(60),
        createdAt: instant(60),
        queue: { items: 7, bytes: 2048, full: true },
        dropped: { log: 3, status: 1 }
      })
      expect(refreshed).toStrictEqual({ ...agent, version: "1.1.0", lastSeenAt: instant(60), queue: { items: 7, bytes: 2048, full: true }, dropped: { log: 3, status: 1 } })
      expect(await store().agents.get(test, agent.id)).toBeUndefined()
      expect((await store().agents.list(live, { limit: 10 })).data).toStrictEqual([refreshed])
      expect((await store().agents.list(test, { limit: 10 })).data).toEqual([])
      const other = await freshTenant(store())
      expect(await store().agents.get(other.live, agent.id)).toBeUndefined()
    })

    it("finds agents silent since a time, across tenants", async () => {
      const a = await freshTenant(store())
      const b = await freshTenant(store())
      const old = await store().agents.upsert(anAgent(a.live, { lastSeenAt: "2000-01-01T00:00:00.000Z" }))
      const oldB = await store().agents.upsert(anAgent(b.test, { lastSeenAt: "2000-01-01T00:01:00.000Z" }))
      const fresh = await store().agents.upsert(anAgent(a.live, { lastSeenAt: now() }))
      const silent = await store().agents.silentSince("2000-01-02T00:00:00.000Z", 1000)
      const ids = silent.map((s) => s.agent.id)
      expect(ids).toContain(old.id)
      expect(ids).toContain(oldB.id)
      expect(ids).not.toContain(fresh.id)
      expect(silent.find((s) => s.agent.id === oldB.id)?.scope).toEqual(b.test)
    })

    it("records a delivered item once per scope and agent, and not at all when its transaction fails", async () => {
      const { live, test } = await freshTenant(store())
      const agentId = nextId("agt") as AgentId
      const item = ulid()
      expect(await store().agents.markDelivered(live, agentId, item, "device.status", now())).toBe(true)
      expect(await store().agents.markDelivered(live, agentId, item, "device.status", now())).toBe(false)
      expect(await store().agents.markDelivered(test, agentId, item, "device.status", now())).toBe(true)
      expect(await store().agents.markDelivered(live, nextId("agt") as AgentId, item, "device.status", now())).toBe(true)
      const other = await freshTenant(store())
      expect(await store().agents.markDelivered(other.live, agentId, item, "device.status", now())).toBe(true)

      const rolledBack = ulid()
      await expect(
        store().transaction(async (tx) => {
          expect(await tx.agents.markDelivered(live, agentId, rolledBack, "log", now())).toBe(true)
          throw new Error("effect failed")
        })
      ).rejects.toThrow("effect failed")
      expect(await store().agents.markDelivered(live, agentId, rolledBack, "log", now())).toBe(true)
    })

    it("keeps the newest log lines of an agent, newest first", async () => {
      const { live } = await freshTenant(store())
      const agentId = nextId("agt") as AgentId
      const ids: string[] = []
      for (let i = 0; i < 7; i++) {
        const itemId = ulid(Date.parse(instant(i)))
        ids.push(itemId)
        await store().agents.appendLog(live, { agentId, itemId, at: instant(i), level: "info", message: `line ${i}` }, 5)
      }
      const { data, hasMore } = await store().agents.logs(live, agentId, { limit: 10 })
      expect(hasMore).toBe(false)
      expect(data.map((l) => l.message)).toEqual(["line 6", "line 5", "line 4", "line 3", "line 2"])
      const page = await store().agents.logs(live, agentId, { limit: 2, startingAfter: ids[5]! })
      expect(page.data.map((l) => l.message)).toEqual(["line 4", "line 3"])
      const other = await freshTenant(store())
      expect((await store().agents.logs(other.live, agentId, { limit: 10 })).data).toEqual([])
    })

    it("stores commands and hands each to one agent, oldest first, back to it until it reports", async () => {
      const { live, test } = await freshTenant(store())
      const device = await storedDevice(store(), live, { connectivity: "agent" })
      const first = await store().agentCommands.create(aCommand(live, device.id, { reference: "bo-1" }))
      const second = await store().agentCommands.create(aCommand(live, device.id))
      expect(await store().agentCommands.get(live, first.id)).toStrictEqual(first)
      expect(await store().agentCommands.get(test, first.id)).toBeUndefined()

      const a = nextId("agt") as AgentId
      const b = nextId("agt") as AgentId
      // Two agents at once: every command goes to exactly one of them.
      const [toA, toB] = await Promise.all([
        store().agentCommands.claim(live, a, [device.id], 10, instant(0)),
        store().agentCommands.claim(live, b, [device.id], 10, instant(0))
      ])
      const all = [...toA!, ...toB!].map((c) => c.id).sort()
      expect(all).toEqual([first.id, second.id].sort())
      const holder = toA!.length > 0 ? a : b
      const other = holder === a ? b : a
      const held = await store().agentCommands.claim(live, holder, [device.id], 10, instant(10))
      expect(held.map((c) => c.id)).toEqual(all.filter((id) => (holder === a ? toA! : toB!).some((c) => c.id === id)))
      for (const c of held) expect(c).toMatchObject({ state: "claimed", claimedBy: holder, claimedAt: instant(10), attempts: 2 })
      expect(await store().agentCommands.claim(live, other, [device.id], 10, instant(10))).toEqual((holder === a ? toB! : toA!).map((c) => expect.objectContaining({ id: c.id })))
      expect(await store().agentCommands.claim(test, holder, [device.id], 10, instant(10))).toEqual([])
      expect(await store().agentCommands.claim(live, holder, [], 10, instant(10))).toEqual([])

      const mine = held[0]!
      expect(await store().agentCommands.complete(live, mine.id, other, done, instant(20))).toBeUndefined()
      const completed = await store().agentCommands.complete(live, mine.id, holder, done, instant(20))
      expect(completed).toMatchObject({ state: "done", result: done, updatedAt: instant(20) })
      // Finished: reported once only, and never handed out again.
      expect(await store().agentCommands.complete(live, mine.id, holder, done, instant(30))).toBeUndefined()
      expect((await store().agentCommands.claim(live, holder, [device.id], 10, instant(40))).map((c) => c.id)).not.toContain(mine.id)
      const another = await freshTenant(store())
      expect(await store().agentCommands.get(another.live, mine.id)).toBeUndefined()
    })
  })
