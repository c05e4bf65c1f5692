import { InvalidInput, createDriverRegistry, describeDriver } from "@fisco/core"
import { describe, expect, it } from "vitest"
import { epsonRtDriver } from "../src/index.js"

describe("epsonRtDriver", () => {
  const registry = createDriverRegistry([epsonRtDriver])

  it("serves RT printers and RT servers, storing its config with the default timeout", () => {
    expect(registry.validate("epson-rt", "rt-printer", { url: "http://10.0.0.7" })).toEqual({ url: "http://10.0.0.7", timeoutMs: 10_000 })
    const server = { url: "https://10.0.0.8", username: "epson", password: "epson", matricola: "88S25000198" }
    expect(registry.validate("epson-rt", "rt-server", server)).toEqual({ ...server, timeoutMs: 10_000 })
  })

  it("names the bad fields of a bad config", () => {
    try {
      registry.validate("epson-rt", "rt-printer", { url: "ftp://printer", timeoutMs: 2.5, matricola: "lower", departments: { "rate:2200": 0 } })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInput)
      const paths = new Set((error as InvalidInput).issues.map((i) => i.path))
      for (const path of ["driver.config.departments.rate:2200", "driver.config.matricola", "driver.config.timeoutMs", "driver.config.url"]) expect(paths).toContain(path)
    }
  })

  it("declares every FiscalPrinter capability", () => {
    expect(describeDriver(epsonRtDriver)).toMatchObject({ id: "epson-rt", kinds: ["rt-printer", "rt-server"], capabilities: ["sale", "refund", "void", "last-document", "x-report", "z-report", "fiscal-archive", "z-transmission", "cash-register"] })
  })
})
