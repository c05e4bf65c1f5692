import { InvalidInput, createDriverRegistry, describeDriver } from "@fisco/core"
import { describe, expect, it } from "vitest"
import { virtualPrinterDriver } from "../src/index.js"

describe("virtualPrinterDriver", () => {
  const registry = createDriverRegistry([virtualPrinterDriver])

  it("stores its config with the default timeout filled in", () => {
    expect(registry.validate("virtual-printer", "rt-printer", { url: "http://10.0.0.7:9100" })).toEqual({ url: "http://10.0.0.7:9100", timeoutMs: 5000 })
  })

  it("names the bad fields of a bad config", () => {
    const attempt = () => registry.validate("virtual-printer", "rt-printer", { url: "ftp://printer", timeoutMs: 2.5, matricola: "lower" })
    expect(attempt).toThrow(InvalidInput)
    try {
      attempt()
    } catch (error) {
      expect([...new Set((error as InvalidInput).issues.map((i) => i.path))].sort()).toEqual(["driver.config.matricola", "driver.config.timeoutMs", "driver.config.url"])
    }
  })

  it("describes itself with a JSON Schema of its config", () => {
    const description = describeDriver(virtualPrinterDriver)
    expect(description).toMatchObject({ id: "virtual-printer", kinds: ["rt-printer"], capabilities: ["sale", "refund", "void", "last-document", "x-report", "z-report"] })
    expect(description.configSchema).toMatchObject({ type: "object", required: ["url"] })
  })
})
