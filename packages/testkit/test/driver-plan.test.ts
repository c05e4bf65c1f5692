import { Router, defineDriver } from "@fisco/core"
import { Effect, Layer, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { driverChecks, planDriverChecks } from "../src/index.js"

const routerDriver = defineDriver({
  id: "plan-router",
  displayName: "Router for planning",
  kinds: ["router"],
  capabilities: ["sessions"],
  configSchema: Schema.Struct({ host: Schema.String }),
  make: () =>
    Layer.succeed(Router, {
      status: Effect.never,
      identify: Effect.never,
      suspend: () => Effect.never,
      resume: () => Effect.never,
      sessions: Effect.succeed([])
    })
})

describe("planning driver checks", () => {
  it("gives non-printer kinds the generic checks and the Unsupported rule for their own vocabulary", () => {
    const names = driverChecks(routerDriver).map((c) => c.name)
    expect(names).toContain("status: decodes as StatusReading with a raw payload")
    expect(names).toContain("unsupported: suspend fails with Unsupported")
    expect(names).toContain("declared: sessions is not answered with Unsupported")
    expect(names.some((n) => n.startsWith("sale:") || n.includes("x-report"))).toBe(false)
  })

  it("marks caller skips with their reason", () => {
    const planned = planDriverChecks(routerDriver, [{ check: "busy device: fails with DeviceBusy", reason: "the router has no busy state" }])
    expect(planned.find((c) => c.name === "busy device: fails with DeviceBusy")?.skipped).toBe("the router has no busy state")
    expect(planned.filter((c) => c.skipped !== undefined)).toHaveLength(1)
  })

  it("refuses a skip without a reason or for a check that does not exist", () => {
    expect(() => planDriverChecks(routerDriver, [{ check: "busy device: fails with DeviceBusy", reason: " " }])).toThrow(/needs a reason/)
    expect(() => planDriverChecks(routerDriver, [{ check: "busy device fails", reason: "typo" }])).toThrow(/unknown check/)
  })
})
