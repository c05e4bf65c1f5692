import { createServerClient, lastDocument, printRefund, printSale } from "@fisco/agent"
import { type SaleDocument, createDriverRegistry } from "@fisco/core"
import { epsonRtDriver } from "@fisco/driver-epson-rt"
import { startVirtualPrinter } from "@fisco/driver-virtual-printer/simulator"
import { Option } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type AgentWorld, createAgentWorld } from "./support/agent-world.js"

/** Printing a back-office sale on a shop's RT printer through its agent, with a real Epson simulator. */
let w: AgentWorld
beforeAll(async () => {
  w = await createAgentWorld()
})
afterAll(() => w.close())

const sale = (amount: number): SaleDocument => ({
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

  it("prints a refund of a printed sale; after a crash mid-refund it reports unknown rather than refund twice", async () => {
    const dataDir = w.tempDir()
    const agent = w.newAgent(dataDir)
    await agent.pollOnce()
    const client = createServerClient({ server: w.url(), key: w.agentKey })
    const original = await printSale(registry, w.device, sale(700))
    const reference = { number: original.number, date: original.issuedAt.slice(0, 10), deviceSerial: w.device.serial }
    const refund = await w.fisco.agentCommands.enqueue(w.scope, { deviceId: w.device.id, kind: "print-refund", payload: sale(700), documentReference: reference })
    // Crash after printing the refund, before reporting it.
    expect((await client.claimCommands(agent.id, 10)).map((c) => c.id)).toEqual([refund.id])
    agent.queue.journal.start(refund.id, JSON.stringify(Option.getOrNull(await lastDocument(registry, w.device))))
    await printRefund(registry, w.device, reference, sale(700))
    await agent.stop()
    const onDevice = (await w.sim.control.documents()).length

    // The RT's last-document read (1387) carries no kind, so a refund cannot be told from a sale of
    // the same total: the agent says unknown and an operator looks; it never prints it again.
    const restarted = w.newAgent(dataDir)
    await restarted.start()
    await restarted.commandsOnce()
    expect(await w.fisco.agentCommands.get(w.scope, refund.id)).toMatchObject({ state: "unknown" })
    expect(await w.sim.control.documents()).toHaveLength(onDevice)

    // A refund without a crash prints once, and a refund without its reference is refused at enqueue.
    const second = await printSale(registry, w.device, sale(200))
    const clean = await w.fisco.agentCommands.enqueue(w.scope, {
      deviceId: w.device.id,
      kind: "print-refund",
      payload: sale(200),
      documentReference: { number: second.number, date: second.issuedAt.slice(0, 10), deviceSerial: w.device.serial }
    })
    await restarted.commandsOnce()
    expect(await w.fisco.agentCommands.get(w.scope, clean.id)).toMatchObject({ state: "done", result: { document: { kind: "refund", total: 200 } } })
    await expect(w.fisco.agentCommands.enqueue(w.scope, { deviceId: w.device.id, kind: "print-void", payload: sale(200) })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: "documentReference" })]
    })
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

  it("prints on a device registered after the agent last loaded its list", async () => {
    const agent = w.newAgent(w.tempDir())
    await agent.pollOnce()
    const printer = await startVirtualPrinter({ matricola: "99SIM000777" })
    try {
      const site = (await w.fisco.sites.list(w.scope)).data[0]!
      const added = await w.fisco.devices.create(w.scope, {
        siteId: site.id,
        kind: "rt-printer",
        vendor: "Fisco",
        model: "Virtual RT",
        serial: printer.matricola,
        driver: { id: "virtual-printer", config: { url: printer.url } },
        connectivity: "agent"
      })
      const command = await w.fisco.agentCommands.enqueue(w.scope, { deviceId: added.id, kind: "print-sale", payload: sale(150) })
      await agent.commandsOnce()
      expect(await w.fisco.agentCommands.get(w.scope, command.id)).toMatchObject({ state: "done", result: { document: { total: 150 } } })
      expect(await printer.control.documents()).toHaveLength(1)
    } finally {
      await agent.stop()
      await printer.close()
    }
  })
})
