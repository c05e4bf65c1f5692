import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type AgentWorld, createAgentWorld } from "./support/agent-world.js"

/**
 * Frontier receipts printed on an RT that only the shop's agent reaches: a real server over HTTP,
 * the real agent and the Epson simulator.
 */
let w: AgentWorld
beforeAll(async () => {
  w = await createAgentWorld()
})
afterAll(() => w.close())

const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Rome" }).format(new Date())
const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${w.url()}${path}`, {
    method,
    headers: { Authorization: `Bearer ${w.adminKey}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  return { status: res.status, body: (await res.json()) as any }
}
const sale = (documentId: string, amount: number) => ({
  deviceId: w.device.id,
  documentId,
  businessDay: today(),
  lines: [{ description: "Panino", quantityMilli: 1000, unitPrice: amount, amount, vat: { _tag: "rate", basisPoints: 1000 } }],
  payments: [{ method: "card", amount }],
  total: amount,
  print: { deviceId: w.device.id }
})

describe("Frontier printing through the shop's agent", () => {
  it("queues the receipt on the agent, takes the agent's document number, and never queues it twice", async () => {
    const agent = w.newAgent(w.tempDir())
    await agent.start()
    const posted = await call("POST", "/v1/receipts", sale("AG-1", 450))
    expect(posted.status).toBe(201)
    expect(posted.body.print).toMatchObject({ state: "printing", agentCommandId: expect.stringMatching(/^acmd_/) })
    // Asking again while it is queued answers the same command.
    const again = await call("POST", `/v1/receipts/${posted.body.id}/print`)
    expect(again.status).toBe(200)
    expect(again.body.print.agentCommandId).toBe(posted.body.print.agentCommandId)

    await agent.commandsOnce()
    const printed = await call("GET", `/v1/receipts/${posted.body.id}`)
    const onDevice = await w.sim.control.documents()
    expect(onDevice).toHaveLength(1)
    expect(printed.body.print).toMatchObject({ state: "printed", agentCommandId: posted.body.print.agentCommandId, document: { deviceId: w.device.id, number: onDevice[0]!.number, total: 450 } })

    const once = await call("POST", `/v1/receipts/${posted.body.id}/print`)
    expect(once.body.print).toEqual(printed.body.print)
    await agent.commandsOnce()
    expect(await w.sim.control.documents()).toHaveLength(1)
    expect(w.count("select count(*) as n from agent_commands")).toBe(1)
    await agent.stop()
  })

  it("prints refunds and voids through the agent against the device document they reverse", async () => {
    const agent = w.newAgent(w.tempDir())
    await agent.start()
    const line = (amount: number) => [{ description: "Panino", quantityMilli: 1000, unitPrice: amount, amount, vat: { _tag: "rate", basisPoints: 1000 } }]
    const settle = async (id: string) => {
      await agent.commandsOnce()
      return (await call("GET", `/v1/receipts/${id}`)).body
    }
    // A refund of a sale not printed yet has no device document to point at: refused, nothing queued.
    await call("POST", "/v1/receipts", { ...sale("AG-2", 300), print: undefined })
    const early = await call("POST", "/v1/receipts", { deviceId: w.device.id, documentId: "AG-2-R", businessDay: today(), kind: "refund", lines: line(300), total: 300, reference: { documentId: "AG-2" } })
    expect(early.status).toBe(201)
    const refused = await call("POST", `/v1/receipts/${early.body.id}/print`)
    expect(refused.status).toBe(400)
    expect(JSON.stringify(refused.body)).toContain("reference.documentId")

    expect((await call("POST", `/v1/receipts/${(await call("GET", "/v1/receipts?limit=100")).body.data.find((r: { documentId: string }) => r.documentId === "AG-2").id}/print`)).status).toBe(200)
    const original = (await call("GET", "/v1/receipts?limit=100")).body.data.find((r: { documentId: string }) => r.documentId === "AG-2")
    const sold = await settle(original.id)
    expect(sold.print.state).toBe("printed")

    const refunding = await call("POST", `/v1/receipts/${early.body.id}/print`)
    expect(refunding.body.print.state).toBe("printing")
    const refunded = await settle(early.body.id)
    expect(refunded.print).toMatchObject({ state: "printed", document: { total: 300 } })

    await call("POST", "/v1/receipts", { ...sale("AG-3", 500), print: { deviceId: w.device.id } })
    const third = (await call("GET", "/v1/receipts?limit=100")).body.data.find((r: { documentId: string }) => r.documentId === "AG-3")
    expect((await settle(third.id)).print.state).toBe("printed")
    const voiding = await call("POST", "/v1/receipts", {
      deviceId: w.device.id, documentId: "AG-3-V", businessDay: today(), kind: "void", lines: line(500), total: 500, reference: { documentId: "AG-3" }, print: { deviceId: w.device.id }
    })
    expect(voiding.status).toBe(201)
    const voided = await settle(voiding.body.id)
    expect(voided.print).toMatchObject({ state: "printed", document: { deviceId: w.device.id } })

    const kinds = (await w.sim.control.documents()).map((d: { kind: string }) => d.kind)
    expect(kinds.slice(-4)).toEqual(["sale", "refund", "sale", "void"])
    await agent.stop()
  })
})
