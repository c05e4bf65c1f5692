import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { eventually, runCli, startServe } from "./cli-support/run-cli.js"

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "fisco-cli-"))
  dirs.push(dir)
  return dir
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const json = async (res: Response) => (await res.json()) as Record<string, any>

describe("fisco serve --sandbox (what npm start runs)", () => {
  it("boots a sandbox with a demo tenant, key and virtual printer, serves the API, and stops gracefully", async () => {
    const dataDir = tempDir()
    const args = ["--sandbox", "--no-fleet", "--port", "0", "--simulator-port", "0", "--data-dir", dataDir]
    const served = await startServe(args)
    const sandbox = JSON.parse(readFileSync(join(dataDir, "sandbox.json"), "utf8"))
    expect(sandbox).toMatchObject({ url: served.url, tenantId: expect.stringMatching(/^ten_/), apiKey: expect.stringMatching(/^sk_test_/) })
    expect(served.stderr()).toContain(sandbox.apiKey)

    expect((await fetch(`${served.url}/healthz`)).status).toBe(200)
    expect((await json(await fetch(`${served.url}/openapi.json`))).openapi).toMatch(/^3\.1\./)
    const auth = { authorization: `Bearer ${sandbox.apiKey}`, "content-type": "application/json" }

    const devices = await json(await fetch(`${served.url}/v1/devices`, { headers: auth }))
    const simulated = Object.values(sandbox.devices as Record<string, { deviceId: string }>).map((d) => d.deviceId)
    expect(Object.keys(sandbox.devices)).toEqual(["virtual-printer", "epson-rt"])
    expect(sandbox.deviceId).toBe(sandbox.devices["virtual-printer"].deviceId)
    expect(devices.data.map((d: { id: string }) => d.id).sort()).toEqual([...simulated].sort())

    // Every demo printer is really reachable: a poll through the scheduler records its status.
    for (const deviceId of simulated) {
      const poll = await fetch(`${served.url}/v1/devices/${deviceId}/polls`, { method: "POST", headers: auth })
      expect(poll.status).toBe(202)
      const status = await eventually(async () => {
        const res = await fetch(`${served.url}/v1/devices/${deviceId}/status`, { headers: auth })
        return res.status === 200 ? json(res) : undefined
      }, "the polled status")
      expect(status).toMatchObject({ deviceId, health: "ok" })
    }

    expect(await served.stop()).toBe(0)
    expect(served.stderr()).toContain("shutting down")

    // A restart keeps the same tenant and key, so scripts reading sandbox.json keep working.
    const again = await startServe(args)
    const sandbox2 = JSON.parse(readFileSync(join(dataDir, "sandbox.json"), "utf8"))
    expect(sandbox2).toMatchObject({ apiKey: sandbox.apiKey, tenantId: sandbox.tenantId, deviceId: sandbox.deviceId })
    expect(sandbox2.devices["epson-rt"].deviceId).toBe(sandbox.devices["epson-rt"].deviceId)
    expect((await fetch(`${again.url}/v1/devices/${sandbox.deviceId}`, { headers: auth })).status).toBe(200)
    expect(await again.stop()).toBe(0)
  })

  it("exits with a message when the port is taken", async () => {
    const first = await startServe(["--port", "0", "--data-dir", tempDir()])
    const port = new URL(first.url).port
    const second = await runCli(["serve", "--port", port, "--data-dir", tempDir()])
    expect(second.code).toBe(1)
    expect(second.stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+/)
    await first.stop()
  })
})

describe("fisco admin commands", () => {
  it("migrates, creates a tenant, a live key and a user whose password comes from stdin", async () => {
    const dir = tempDir()
    const migrated = await runCli(["migrate", "--data-dir", dir])
    expect(migrated.code).toBe(0)
    expect(JSON.parse(migrated.stdout).applied.length).toBeGreaterThan(0)
    expect(JSON.parse((await runCli(["migrate", "--data-dir", dir])).stdout).applied).toEqual([])

    const tenant = JSON.parse((await runCli(["tenants", "create", "--name", "Rossi SpA", "--data-dir", dir])).stdout)
    expect(tenant.id).toMatch(/^ten_/)

    const key = await runCli(["keys", "create", "--tenant", tenant.id, "--live", "--scopes", "devices:read,sites:write", "--data-dir", dir])
    expect(key.code).toBe(0)
    const created = JSON.parse(key.stdout)
    expect(created).toMatchObject({ livemode: true, scopes: ["devices:read", "sites:write"], tenantId: tenant.id })
    expect(created.secret).toMatch(/^sk_live_/)
    expect(key.stderr).toContain("cannot be shown again")

    const user = await runCli(["users", "create", "--tenant", tenant.id, "--email", "Anna@Example.it", "--role", "dealer", "--data-dir", dir], {
      input: "a-long-enough-password\n"
    })
    expect(user.code).toBe(0)
    expect(JSON.parse(user.stdout)).toMatchObject({ email: "anna@example.it", role: "dealer" })
    expect(user.stdout).not.toContain("a-long-enough-password")
    expect(user.stdout).not.toContain("passwordHash")

    // The key and the user work against a server on the same data directory.
    const served = await startServe(["--port", "0", "--data-dir", dir])
    const token = await fetch(`${served.url}/v1/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "anna@example.it", password: "a-long-enough-password" })
    })
    expect(token.status).toBe(200)
    const sites = await fetch(`${served.url}/v1/devices`, { headers: { authorization: `Bearer ${created.secret}` } })
    expect(sites.status).toBe(200)
    await served.stop()
  })

  it("refuses bad input with a message and a non-zero exit", async () => {
    const dir = tempDir()
    const unknown = await runCli(["frobnicate"])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("unknown command")

    expect((await runCli(["tenants", "create", "--data-dir", dir])).stderr).toContain("missing --name")
    const noTenant = await runCli(["keys", "create", "--tenant", "ten_nope", "--data-dir", dir])
    expect(noTenant.code).toBe(2)
    expect(noTenant.stderr).toContain("no tenant ten_nope")

    const tenant = JSON.parse((await runCli(["tenants", "create", "--name", "T", "--data-dir", dir])).stdout)
    const badRole = await runCli(["users", "create", "--tenant", tenant.id, "--email", "a@b.it", "--role", "boss", "--data-dir", dir], { input: "long-enough-password\n" })
    expect(badRole.code).toBe(2)
    expect(badRole.stderr).toMatch(/role/)
    const shortPassword = await runCli(["users", "create", "--tenant", tenant.id, "--email", "a@b.it", "--role", "viewer", "--data-dir", dir], { input: "short\n" })
    expect(shortPassword.code).toBe(2)
    expect(shortPassword.stderr).toContain("at least 12 characters")
    const badFlag = await runCli(["migrate", "--verbose"])
    expect(badFlag.code).toBe(2)
  })
})
