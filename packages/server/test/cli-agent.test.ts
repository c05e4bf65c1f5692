import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { eventually, runCli } from "./cli-support/run-cli.js"
import { type AgentWorld, createAgentWorld } from "./support/agent-world.js"

const BIN = fileURLToPath(new URL("../bin/fisco.js", import.meta.url))

let w: AgentWorld
beforeAll(async () => {
  w = await createAgentWorld()
})
afterAll(() => w.close())

describe("fisco agent", () => {
  it("exits 2 with a clear message on a malformed URL or a missing key", async () => {
    const badUrl = await runCli(["agent", "--server", "not-a-url", "--key", "sk_test_x", "--data-dir", w.tempDir()])
    expect(badUrl.code).toBe(2)
    expect(badUrl.stderr).toContain("--server must be an http(s) URL")
    const noKey = await runCli(["agent", "--server", w.url(), "--data-dir", w.tempDir()])
    expect(noKey.code).toBe(2)
    expect(noKey.stderr).toContain("missing --key")
    const badSites = await runCli(["agent", "--server", w.url(), "--key", "sk_test_x", "--sites", "site_01ABC,shop-2", "--data-dir", w.tempDir()])
    expect(badSites.code).toBe(2)
    expect(badSites.stderr).toContain('--sites must be site ids (site_…), comma-separated; got "shop-2"')
  })

  it("exits 1 when the server refuses the key", async () => {
    const result = await runCli(["agent", "--server", w.url(), "--key", "sk_test_not_a_real_key", "--data-dir", w.tempDir()])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/refused the agent key \(HTTP 401\)/)
  })

  it("exits 1 when a first start cannot reach the server", async () => {
    const result = await runCli(["agent", "--server", "http://127.0.0.1:9", "--key", w.agentKey, "--data-dir", w.tempDir()])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/cannot reach .*first start needs the server/)
  })

  it("runs, registers with the server, pushes statuses, and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, [BIN, "agent", "--server", w.url(), "--key", w.agentKey, "--data-dir", w.tempDir(), "--poll-interval", "1", "--name", "Cassa CLI"])
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d) => (stdout += d))
    child.stderr.on("data", (d) => (stderr += d))
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)))
    try {
      const started = await eventually(async () => (stdout.includes("\n") ? (JSON.parse(stdout.split("\n")[0]!) as { agentId: string }) : undefined), "the agent's start line")
      expect(started.agentId).toMatch(/^agt_/)
      await eventually(async () => {
        const agent = await w.store.agents.get(w.scope, started.agentId as never)
        const statuses = await w.store.deviceStatuses.latest(w.scope, w.device.id)
        return agent && statuses ? agent : undefined
      }, "the agent registered and a status delivered")
      expect((await w.store.agents.get(w.scope, started.agentId as never))?.name).toBe("Cassa CLI")
    } finally {
      child.kill("SIGTERM")
    }
    expect(await exited).toBe(0)
    expect(stderr).toContain("stopping")
  })
})
