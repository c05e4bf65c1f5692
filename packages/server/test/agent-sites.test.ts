import { createServerClient } from "@fisco/agent"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type AgentWorld, createAgentWorld } from "./support/agent-world.js"

/** A chain with one agent per shop: each agent's client sees only its own shop's devices and commands. */
let w: AgentWorld
beforeAll(async () => {
  w = await createAgentWorld()
})
afterAll(() => w.close())

const sale = {
  lines: [{ description: "Caffè", quantityMilli: 1000, unitPrice: 120, amount: 120, vat: { _tag: "rate", basisPoints: 2200 } }],
  payments: [{ method: "cash", amount: 120 }]
}

describe("an agent with --sites", () => {
  it("polls and prints only for the devices of its sites", async () => {
    const other = await w.fisco.sites.create(w.scope, {
      name: "Negozio stazione",
      address: { line1: "Piazza Duca d'Aosta 1", city: "Milano", postalCode: "20124", region: "MI", country: "IT" },
      timezone: "Europe/Rome"
    })
    const elsewhere = await w.fisco.devices.create(w.scope, {
      siteId: other.id,
      kind: "rt-printer",
      vendor: "Epson",
      model: "FP-81 II RT",
      serial: "99MEY000555",
      driver: { id: "epson-rt", config: { url: "http://127.0.0.1:9" } },
      connectivity: "agent"
    })
    const centre = createServerClient({ server: w.url(), key: w.agentKey, siteIds: [w.device.siteId] })
    const station = createServerClient({ server: w.url(), key: w.agentKey, siteIds: [other.id] })
    const everywhere = createServerClient({ server: w.url(), key: w.agentKey })
    expect((await centre.devices()).map((d) => d.id)).toEqual([w.device.id])
    expect((await station.devices()).map((d) => d.id)).toEqual([elsewhere.id])
    expect((await everywhere.devices()).map((d) => d.id)).toEqual([w.device.id, elsewhere.id])

    const forStation = await w.fisco.agentCommands.enqueue(w.scope, { deviceId: elsewhere.id, kind: "print-sale", payload: sale })
    expect(await centre.claimCommands(`agt_01JD6Q0W3Z8N4K2V7H5R9T1B3C`, 10)).toEqual([])
    expect((await station.claimCommands(`agt_01JD6Q0W3Z8N4K2V7H5R9T1B3D`, 10)).map((c) => c.id)).toEqual([forStation.id])
  })
})
