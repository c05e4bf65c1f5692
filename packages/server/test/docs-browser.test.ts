import { execFile } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Served, startServe } from "./cli-support/run-cli.js"

const run = promisify(execFile)

/** Debian's Chromium; CI installs it (`.ci/run`), elsewhere the test is skipped with a warning. */
const chromium = await run("chromium", ["--version"]).then(
  () => "chromium",
  () => undefined
)
if (!chromium) {
  if (process.env.CI === "true") throw new Error("chromium is required under CI for the /docs rendering test")
  console.warn("\n!!! chromium not found — SKIPPING the /docs browser test (apt-get install chromium to run it)\n")
}

describe.skipIf(!chromium)("/docs in a real browser with every other host unreachable", () => {
  let served: Served
  let dir: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "fisco-docs-"))
    served = await startServe(["--port", "0", "--data-dir", dir])
  })
  afterAll(async () => {
    await served?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it("renders the API reference from the server alone", async () => {
    const profile = join(dir, "chromium-profile")
    const { stdout } = await run(
      chromium!,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        `--user-data-dir=${profile}`,
        // Any host but loopback fails to resolve: a CDN script or font would leave the page unrendered.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--virtual-time-budget=10000",
        "--dump-dom",
        `${served.url}/docs`
      ],
      { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }
    )
    // Text Scalar renders from /openapi.json: present only if its bundle loaded and ran.
    expect(stdout).toContain("OAS 3.1.0")
    expect(stdout).toContain("Readiness: the store answers")
    expect(stdout).toMatch(/\/v1\/devices/)
  }, 90_000)
})
