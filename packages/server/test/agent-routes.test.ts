import { ulid } from "@fisco/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { watchAgents } from "../src/agent/watch.js"
import { storedThresholds } from "../src/alerts/server-monitor.js"
import { type Harness, createHarness, deviceInput, siteInput } from "./support/harness.js"

let h: Harness
let agentKey: string
let deviceId: string
let directDeviceId: string
beforeAll(async () => {
  h = await createHarness()
  agentKey = (await h.key(false, ["agent"])).secret
  const site = await h.call("POST", "/v1/sites", { auth: h.testKey, body: siteInput() })
  const device = await h.call("POST", "/v1/devices", { auth: h.testKey, body: { ...deviceInput(site.body.id, "99VPR000101"), connectivity: "agent" } })
  deviceId = device.body.id
  const direct = await h.call("POST", "/v1/devices", { auth: h.testKey, body: deviceInput(site.body.id, "99VPR000102") })
  directDeviceId = direct.body.id
})
afterAll(() => h.close())

const AGENT_ID = `agt_${ulid()}`
const report = (extra: Record<string, unknown> = {}) => ({
  id: AGENT_ID,
  name: "Cassa 1",
  version: "1.2.3",
  queue: { items: 3, bytes: 900, full: false },
  dropped: { log: 4, status: 1 },
  ...extra
})
const reading = { health: "ok", conditions: [], raw: { format: "json", body: "{}" } }
const statusItem = (observedAt: string, id = ulid(), device = deviceId) => ({ id, kind: "device.status", deviceId: device, observedAt, reading })
const logItem = (message: string, id = ulid()) => ({ id, kind: "log", at: new Date().toISOString(), level: "warn", message })
const deliver = (items: unknown[], agent = report(), auth = agentKey) => h.call("POST", "/v1/agent/deliveries", { auth, body: { agent, items } })

const sale = {
  lines: [{ description: "Caffè", quantityMilli: 1000, unitPrice: 120, amount: 120, vat: { _tag: "rate", basisPoints: 2200 } }],
  payments: [{ method: "cash", amount: 120 }]
}

describe("/v1/agent", () => {
  it("lists only the agent-connected devices, to an agent key", async () => {
    const answer = await h.call("GET", "/v1/agent/devices", { auth: agentKey })
    expect(answer.status).toBe(200)
    expect(answer.body.data.map((d: { id: string }) => d.id)).toEqual([deviceId])
    expect(answer.body.data[0].driver).toEqual({ id: "virtual-printer", config: expect.objectContaining({ url: expect.any(String) }) })
  })

  it("an agent key reaches nothing else, and a key without the agent scope cannot push", async () => {
    expect((await h.call("GET", "/v1/devices", { auth: agentKey })).status).toBe(403)
    const readOnly = (await h.key(false, ["devices:read"])).secret
    expect((await deliver([], report(), readOnly)).status).toBe(403)
    expect((await h.call("GET", "/v1/agent/devices", { auth: readOnly })).status).toBe(403)
  })

  it("answers each item accepted, duplicate on a re-send, or rejected with a reason, and registers the agent", async () => {
    const items = [statusItem("2026-11-24T08:00:00.000Z"), logItem("paper low"), statusItem("2026-11-24T08:01:00.000Z")]
    const first = await deliver(items)
    expect(first.status).toBe(200)
    expect(first.body.results).toEqual(items.map((i) => ({ id: i.id, outcome: "accepted" })))
    const again = await deliver(items)
    expect(again.body.results).toEqual(items.map((i) => ({ id: i.id, outcome: "duplicate" })))

    const unknown = statusItem("2026-11-24T08:02:00.000Z", ulid(), "dev_01JD6Q0W3Z8N4K2V7H5R9T1B3C")
    const direct = statusItem("2026-11-24T08:02:00.000Z", ulid(), directDeviceId)
    const rejected = await deliver([unknown, direct])
    expect(rejected.body.results).toEqual([
      { id: unknown.id, outcome: "rejected", reason: expect.stringContaining("no device") },
      { id: direct.id, outcome: "rejected", reason: expect.stringContaining("polled directly") }
    ])

    const statuses = await h.call("GET", `/v1/devices/${deviceId}/statuses`, { auth: h.testKey })
    expect(statuses.body.data.map((s: { observedAt: string }) => s.observedAt)).toEqual(["2026-11-24T08:01:00.000Z", "2026-11-24T08:00:00.000Z"])

    const agents = await h.call("GET", "/v1/agents", { auth: h.testKey })
    expect(agents.body.data).toEqual([
      expect.objectContaining({ id: AGENT_ID, name: "Cassa 1", version: "1.2.3", queue: { items: 3, bytes: 900, full: false }, dropped: { log: 4, status: 1 } })
    ])
    const logs = await h.call("GET", `/v1/agents/${AGENT_ID}/logs`, { auth: h.testKey })
    expect(logs.body.data).toEqual([expect.objectContaining({ itemId: items[1]!.id, level: "warn", message: "paper low" })])
  })

  it("refuses a malformed delivery naming the field", async () => {
    const bad = await deliver([{ ...statusItem("2026-11-24T09:00:00.000Z"), id: "not-a-ulid" }])
    expect(bad.status).toBe(400)
    expect(bad.headers.get("content-type")).toContain("application/problem+json")
    expect(JSON.stringify(bad.body.errors)).toContain("items.0")
  })

  it("keeps another tenant out: it sees no agents and cannot report on this tenant's devices", async () => {
    const other = await h.newTenant("Altro")
    const otherAgentKey = (await other.key(false, ["agent"])).secret
    expect((await h.call("GET", "/v1/agents", { auth: other.testKey })).body.data).toEqual([])
    expect((await h.call("GET", `/v1/agents/${AGENT_ID}`, { auth: other.testKey })).status).toBe(404)
    expect((await h.call("GET", "/v1/agent/devices", { auth: otherAgentKey })).body.data).toEqual([])
    const item = statusItem("2026-11-24T10:00:00.000Z")
    const answer = await deliver([item], report(), otherAgentKey)
    expect(answer.body.results).toEqual([{ id: item.id, outcome: "rejected", reason: expect.stringContaining("no device") }])
    // The same item id from the same agent id in another tenant is not a duplicate of this tenant's.
    const mine = await deliver([item])
    expect(mine.body.results).toEqual([{ id: item.id, outcome: "accepted" }])
  })

  it("keeps a bounded tail of each agent's log", async () => {
    const { AGENT_LOG_KEEP } = await import("../src/agent/deliveries.js")
    const agent = report({ id: `agt_${ulid()}` })
    const ids: string[] = []
    for (let batch = 0; batch < Math.ceil((AGENT_LOG_KEEP + 5) / 200); batch++) {
      const items = Array.from({ length: 200 }, (_, i) => logItem(`line ${batch * 200 + i}`))
      ids.push(...items.map((i) => i.id))
      await deliver(items, agent)
    }
    let total = 0
    let cursor: string | null = null
    do {
      const page: { body: { data: unknown[]; next_cursor: string | null } } = await h.call("GET", `/v1/agents/${agent.id}/logs?limit=100${cursor ? `&starting_after=${cursor}` : ""}`, { auth: h.testKey })
      total += page.body.data.length
      cursor = page.body.next_cursor
    } while (cursor)
    expect(total).toBe(AGENT_LOG_KEEP)
  })

  it("raises agent.queue-full while the agent reports a queue full of fiscal data, and clears it after", async () => {
    const agent = report({ id: `agt_${ulid()}` })
    await deliver([], { ...agent, queue: { items: 10, bytes: 100, full: true } })
    const raised = await h.call("GET", "/v1/alarms?type=agent.queue-full&state=raised", { auth: h.testKey })
    expect(raised.body.data).toEqual([expect.objectContaining({ severity: "critical", details: expect.objectContaining({ agentId: agent.id }) })])
    await deliver([], agent)
    const after = await h.call("GET", `/v1/alarms/${raised.body.data[0].id}`, { auth: h.testKey })
    expect(after.body.state).toBe("cleared")
  })

  it("raises agent.silent for an agent not heard for too long, cleared by its next delivery", async () => {
    const agent = report({ id: `agt_${ulid()}` })
    await deliver([], agent)
    const later = () => new Date(Date.now() + 20 * 60_000)
    expect(await watchAgents(h.fisco, later, 15)).toBeGreaterThanOrEqual(1)
    const silent = await h.call("GET", "/v1/alarms?type=agent.silent&state=raised", { auth: h.testKey })
    const mine = silent.body.data.find((a: { details: { agentId: string } }) => a.details.agentId === agent.id)
    expect(mine).toEqual(expect.objectContaining({ severity: "warning" }))
    expect(await watchAgents(h.fisco, () => new Date(), 15)).toBe(0)
    // On the hour the watch also forgets delivered ids older than the retention.
    const item = statusItem("2026-11-24T11:00:00.000Z")
    expect((await deliver([item], agent)).body.results[0].outcome).toBe("accepted")
    await watchAgents(h.fisco, () => new Date(Date.parse("2027-06-01T10:00:00.000Z")), 15)
    expect((await deliver([item], agent)).body.results[0].outcome).toBe("accepted")
    await deliver([], agent)
    expect((await h.call("GET", `/v1/alarms/${mine.id}`, { auth: h.testKey })).body.state).toBe("cleared")
  })
})

describe("agent.silent per tenant", () => {
  it("waits for the tenant's agentSilentMinutes before raising", async () => {
    const t = await h.newTenant("Catena lenta")
    const key = (await t.key(false, ["agent"])).secret
    const put = await h.call("PUT", "/v1/monitor/thresholds", { auth: t.testKey, body: { agentSilentMinutes: 60 } })
    expect(put.status).toBe(200)
    const agent = report({ id: `agt_${ulid()}` })
    expect((await deliver([], agent, key)).status).toBe(200)
    const stored = storedThresholds(h.store)
    const silentFor = (minutes: number) => () => new Date(Date.now() + minutes * 60_000)
    const mine = async () =>
      (await h.call("GET", "/v1/alarms?type=agent.silent&state=raised", { auth: t.testKey })).body.data.filter((a: { details: { agentId: string } }) => a.details.agentId === agent.id)
    await watchAgents(h.fisco, silentFor(20), stored)
    expect(await mine()).toEqual([])
    await watchAgents(h.fisco, silentFor(70), stored)
    expect(await mine()).toEqual([expect.objectContaining({ details: expect.objectContaining({ silenceMinutes: 60 }) })])
  })
})

describe("agent commands", () => {
  it("enqueue checks the device: it must exist here and be agent-connected", async () => {
    const scope = { tenantId: h.tenant.id, livemode: false }
    await expect(h.fisco.agentCommands.enqueue(scope, { deviceId: directDeviceId, kind: "print-sale", payload: sale })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "deviceId", message: expect.stringContaining("directly") }]
    })
    await expect(h.fisco.agentCommands.enqueue(scope, { deviceId, kind: "print-sale", payload: { lines: [], payments: [] } })).rejects.toMatchObject({
      code: "invalid_input"
    })
    await expect(
      h.fisco.agentCommands.enqueue({ tenantId: h.tenant.id, livemode: true }, { deviceId, kind: "print-sale", payload: sale })
    ).rejects.toMatchObject({ code: "invalid_input" })
  })

  it("is claimed by one agent, handed back to it until it reports, and the result is idempotent", async () => {
    const scope = { tenantId: h.tenant.id, livemode: false }
    const command = await h.fisco.agentCommands.enqueue(scope, { deviceId, kind: "print-sale", payload: sale, reference: "bo-42" })
    expect(command).toMatchObject({ state: "pending", attempts: 0, reference: "bo-42" })

    const claimed = await h.call("POST", "/v1/agent/commands/claims", { auth: agentKey, body: { agentId: AGENT_ID } })
    expect(claimed.body.data).toEqual([expect.objectContaining({ id: command.id, state: "claimed", claimedBy: AGENT_ID, attempts: 1 })])
    const otherAgent = `agt_${ulid()}`
    expect((await h.call("POST", "/v1/agent/commands/claims", { auth: agentKey, body: { agentId: otherAgent } })).body.data).toEqual([])
    // The same agent asking again (it restarted) gets it back, with the attempt counted.
    const again = await h.call("POST", "/v1/agent/commands/claims", { auth: agentKey, body: { agentId: AGENT_ID } })
    expect(again.body.data).toEqual([expect.objectContaining({ id: command.id, attempts: 2 })])

    const result = { state: "done", document: { kind: "sale", number: { z: 1, document: 7 }, issuedAt: "2026-11-24T10:00:00.000Z", total: 120 } }
    const byOther = await h.call("POST", `/v1/agent/commands/${command.id}/result`, { auth: agentKey, body: { agentId: otherAgent, result } })
    expect(byOther.status).toBe(409)
    const done = await h.call("POST", `/v1/agent/commands/${command.id}/result`, { auth: agentKey, body: { agentId: AGENT_ID, result } })
    expect(done.status).toBe(200)
    expect(done.body).toMatchObject({ state: "done", result })
    const repeat = await h.call("POST", `/v1/agent/commands/${command.id}/result`, { auth: agentKey, body: { agentId: AGENT_ID, result } })
    expect(repeat.status).toBe(200)
    expect(repeat.body.updatedAt).toBe(done.body.updatedAt)
    const contradicting = await h.call("POST", `/v1/agent/commands/${command.id}/result`, {
      auth: agentKey,
      body: { agentId: AGENT_ID, result: { state: "failed", error: { code: "x", message: "y" } } }
    })
    expect(contradicting.status).toBe(409)
    expect((await h.fisco.agentCommands.get(scope, command.id)).state).toBe("done")
    expect((await h.call("POST", "/v1/agent/commands/claims", { auth: agentKey, body: { agentId: AGENT_ID } })).body.data).toEqual([])

    const other = await h.newTenant("Altro 2")
    await expect(h.fisco.agentCommands.get({ tenantId: other.tenant.id, livemode: false }, command.id)).rejects.toMatchObject({ code: "not_found" })
    const otherKey = (await other.key(false, ["agent"])).secret
    const foreign = await h.call("POST", `/v1/agent/commands/${command.id}/result`, { auth: otherKey, body: { agentId: AGENT_ID, result } })
    expect(foreign.status).toBe(404)
  })
})

describe("/v1/agent for an agent that serves some sites (one agent per shop)", () => {
  it("lists and hands out only the devices and commands of its sites", async () => {
    const shopA = await h.call("POST", "/v1/sites", { auth: h.testKey, body: siteInput() })
    const shopB = await h.call("POST", "/v1/sites", { auth: h.testKey, body: siteInput() })
    const inA = await h.call("POST", "/v1/devices", { auth: h.testKey, body: { ...deviceInput(shopA.body.id, "99VPR000201"), connectivity: "agent" } })
    const inB = await h.call("POST", "/v1/devices", { auth: h.testKey, body: { ...deviceInput(shopB.body.id, "99VPR000202"), connectivity: "agent" } })

    const listed = await h.call("GET", `/v1/agent/devices?site_ids=${shopA.body.id}`, { auth: agentKey })
    expect(listed.status).toBe(200)
    expect(listed.body.data.map((d: { id: string }) => d.id)).toEqual([inA.body.id])
    const both = await h.call("GET", `/v1/agent/devices?site_ids=${shopA.body.id},${shopB.body.id}`, { auth: agentKey })
    expect(both.body.data.map((d: { id: string }) => d.id)).toEqual([inA.body.id, inB.body.id])
    const bad = await h.call("GET", "/v1/agent/devices?site_ids=dev_123", { auth: agentKey })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain("site_ids")

    const scope = { tenantId: h.tenant.id, livemode: false }
    const forB = await h.fisco.agentCommands.enqueue(scope, { deviceId: inB.body.id, kind: "print-sale", payload: sale })
    const forA = await h.fisco.agentCommands.enqueue(scope, { deviceId: inA.body.id, kind: "print-sale", payload: sale })
    const agentA = `agt_${ulid()}`
    const claimedByA = await h.call("POST", "/v1/agent/commands/claims", { auth: agentKey, body: { agentId: agentA, siteIds: [shopA.body.id] } })
    expect(claimedByA.status).toBe(200)
    expect(claimedByA.body.data.map((c: { id: string }) => c.id)).toEqual([forA.id])
    expect((await h.fisco.agentCommands.get(scope, forB.id)).state).toBe("pending")
    const agentB = `agt_${ulid()}`
    const claimedByB = await h.call("POST", "/v1/agent/commands/claims", { auth: agentKey, body: { agentId: agentB, siteIds: [shopB.body.id] } })
    expect(claimedByB.body.data.map((c: { id: string }) => c.id)).toEqual([forB.id])
  })
})
