import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"
import { runCli } from "./cli-support/run-cli.js"

const BIN = fileURLToPath(new URL("../bin/fisco.js", import.meta.url))
const children: ChildProcess[] = []
afterAll(() => children.forEach((c) => c.kill("SIGTERM")))

/** Starts `fisco sim epson-rt …` and resolves with the URL it prints on stdout. */
const startSim = (args: ReadonlyArray<string>) =>
  new Promise<{ url: string; matricola: string; child: ChildProcess }>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "sim", "epson-rt", "--port", "0", ...args])
    children.push(child)
    let out = ""
    let err = ""
    child.stdout.on("data", (d) => {
      out += d
      const line = out.split("\n").find((l) => l.startsWith("{"))
      if (line) resolve({ ...JSON.parse(line), child })
    })
    child.stderr.on("data", (d) => (err += d))
    child.on("close", (code) => reject(new Error(`sim exited ${code}: ${err}`)))
  })

describe("fisco sim epson-rt + fisco rt status", () => {
  it("reads back exactly the conditions the simulator was started in", async () => {
    const inTenDays = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10)
    const sim = await startSim([
      "--matricola",
      "99MEY012345",
      "--state",
      JSON.stringify({ dgfe: "near-full", certificateExpiry: inTenDays, filesRejected: 3, caseOpen: true })
    ])
    expect(sim.matricola).toBe("99MEY012345")
    const result = await runCli(["rt", "status", "--url", sim.url])
    const status = JSON.parse(result.stdout)
    const codes = status.conditions.map((c: { code: string }) => c.code)
    expect(codes).toEqual(expect.arrayContaining(["dgfe.near-full", "certificate.expiring", "files.rejected", "case.open"]))
    expect(status.conditions.find((c: { code: string }) => c.code === "files.rejected").data.count).toBe(3)
    expect(JSON.stringify(status.conditions.find((c: { code: string }) => c.code === "certificate.expiring"))).toContain(inTenDays)
    expect(status.health).toBe("fault")
    expect(result.code).toBe(1)
    expect(status.raw).toBeUndefined()
  })

  it("a healthy printer exits 0, and --raw includes the device's XML", async () => {
    const sim = await startSim([])
    const result = await runCli(["rt", "status", "--url", sim.url, "--raw"])
    expect(result.code).toBe(0)
    const status = JSON.parse(result.stdout)
    expect(status.health).toBe("ok")
    expect(status.raw.format).toBe("xml")
    expect(status.raw.body).toContain("addInfo")
  })

  it("refuses bad input and unreachable printers with a message", async () => {
    const badState = await runCli(["sim", "epson-rt", "--state", '{"dgfe":"overflowing"}'])
    expect(badState.code).toBe(2)
    expect(badState.stderr).toMatch(/state\.dgfe/)
    const noUrl = await runCli(["rt", "status"])
    expect(noUrl.code).toBe(2)
    expect(noUrl.stderr).toContain("missing --url")
    const down = await runCli(["rt", "status", "--url", "http://127.0.0.1:9", "--timeout-ms", "1000"])
    expect(down.code).not.toBe(0)
    expect(down.stderr).toMatch(/device_unreachable|device_timeout/)
  })
})
