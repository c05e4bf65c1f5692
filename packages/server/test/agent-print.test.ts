import { createServerClient, lastDocument, printSale } from "@fisco/agent"
import { createDriverRegistry } from "@fisco/core"
import { epsonRtDriver } from "@fisco/driver-epson-rt"
import { Option } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type AgentWorld, createAgentWorld } from "./support/agent-world.js"

/** Printing a back-office sale on a shop's RT printer through its agent, with a real Epson simulator. */
let w: AgentWorld
beforeAll(async () => {
  w = await createAgentWorld()
})
afterAll(() => w.close())

const sale = (amount: number) => ({
  lines: [{ description: "Panino", quantityMilli: 1000, unitPrice: amount, amount, vat: { _tag: "rate", basisPoints: 1000 } }],
  payments: [{ method: "card", amount }]
})
const registry = createDriverRegistry([epsonRtDriver])
const enqueue = (amount: number) => w.fisco.agentCommands.enqueue(w.scope, { deviceId: w.device.id, kind: "print-sale", payload: sale(amount) })

describe("print through the agent", () => {
  it("prints a queued sale once and reports the printed document", async () => {
    const agent = w.newAgent(w.tempDir())
    await agent.start()
    const command = await enqueue(350)
    await agent.commandsOnce()
    const done = await w.fisco.agentCommands.get(w.scope, command.id)
    expect(done.state).toBe("done")
    const documents = await w.sim.control.documents()
    expect(documents).toHaveLength(1)
    expect(done.result).toEqual({ state: "done", document: expect.objectContaining({ kind: "sale", total: 350 }) })
    // Asking again prints nothing more.
    await agent.commandsOnce()
    expect(await w.sim.control.documents()).toHaveLength(1)
    await agent.stop()
  })

  it("after a crash mid-print, reads the last document back instead of printing again", async () => {
    const dataDir = w.tempDir()
    // Not started: nothing runs in the background while the test plays the crash.
    const crashed = w.newAgent(dataDir)
    await crashed.pollOnce()
    const command = await enqueue(480)
    // What the agent does before it crashes: claim, journal the last document, print.
    const client = createServerClient({ server: w.url(), key: w.agentKey })
    expect((await client.claimCommands(crashed.id, 10)).map((c) => c.id)).toEqual([command.id])
    const before = await lastDocument(registry, w.device)
    crashed.queue.journal.start(command.id, JSON.stringify(Option.getOrNull(before)))
    const printed = await printSale(registry, w.device, command.payload)
    await crashed.stop()
    const printedCount = (await w.sim.control.documents()).length

    const restarted = w.newAgent(dataDir)
    await restarted.start()
    await restarted.commandsOnce()
    const recovered = await w.fisco.agentCommands.get(w.scope, command.id)
    expect(recovered).toMatchObject({ state: "done", attempts: 2, result: { state: "done", document: printed } })
    expect(await w.sim.control.documents()).toHaveLength(printedCount)
    await restarted.stop()
  })

  it("after a crash before printing, prints exactly once", async () => {
    const dataDir = w.tempDir()
    // Not started: nothing runs in the background while the test plays the crash.
    const crashed = w.newAgent(dataDir)
    await crashed.pollOnce()
    const command = await enqueue(610)
    const client = createServerClient({ server: w.url(), key: w.agentKey })
    await client.claimCommands(crashed.id, 10)
    crashed.queue.journal.start(command.id, JSON.stringify(Option.getOrNull(await lastDocument(registry, w.device))))
    await crashed.stop()
    const countBefore = (await w.sim.control.documents()).length

    const restarted = w.newAgent(dataDir)
    await restarted.start()
    await restarted.commandsOnce()
    expect(await w.fisco.agentCommands.get(w.scope, command.id)).toMatchObject({ state: "done", result: { document: { total: 610 } } })
    expect(await w.sim.control.documents()).toHaveLength(countBefore + 1)
    await restarted.stop()
  })

  it("reports unknown when it crashed mid-print and the printer cannot be read back", async () => {
    const dataDir = w.tempDir()
    // Not started: nothing runs in the background while the test plays the crash.
    const crashed = w.newAgent(dataDir)
    await crashed.pollOnce()
    const command = await enqueue(725)
    const client = createServerClient({ server: w.url(), key: w.agentKey })
    await client.claimCommands(crashed.id, 10)
    crashed.queue.journal.start(command.id, JSON.stringify(Option.getOrNull(await lastDocument(registry, w.device))))
    await printSale(registry, w.device, command.payload)
    await crashed.stop()
    const countBefore = (await w.sim.control.documents()).length

    await w.sim.control.inject("down")
    try {
      const restarted = w.newAgent(dataDir)
      await restarted.start()
      await restarted.commandsOnce()
      const outcome = await w.fisco.agentCommands.get(w.scope, command.id)
      expect(outcome).toMatchObject({ state: "unknown", result: { state: "unknown", reason: expect.stringContaining("cannot read the device back") } })
      await restarted.stop()
    } finally {
      await w.sim.control.clearFaults()
    }
    expect(await w.sim.control.documents()).toHaveLength(countBefore)
  })

  it("a reply lost after the printer printed is resolved by the driver, not by a second print", async () => {
    const agent = w.newAgent(w.tempDir())
    await agent.pollOnce()
    const command = await enqueue(990)
    const countBefore = (await w.sim.control.documents()).length
    await w.sim.control.inject("drop-reply-after-commit")
    await agent.commandsOnce()
    expect(await w.fisco.agentCommands.get(w.scope, command.id)).toMatchObject({ state: "done", result: { document: { total: 990 } } })
    expect(await w.sim.control.documents()).toHaveLength(countBefore + 1)
    await agent.stop()
  })
})
