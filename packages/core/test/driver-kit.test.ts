import { Effect, Layer, Option, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { FiscalPrinter, type StatusReading, InvalidInput, Unsupported, createDriverRegistry, defineDriver, unsupported } from "../src/index.js"

const printer = defineDriver({
  id: "toy-printer",
  displayName: "Toy printer",
  kinds: ["rt-printer"],
  capabilities: ["last-document"],
  configSchema: Schema.Struct({ port: Schema.Int, label: Schema.optionalWith(Schema.String, { default: () => "till" }) }),
  make: () =>
    Layer.succeed(FiscalPrinter, {
      status: Effect.succeed<StatusReading>({ health: "ok", conditions: [], raw: { format: "json", body: "{}" } }),
      identify: Effect.succeed({ vendor: "Toy", model: "T1", serial: "T0001" }),
      printSale: () => unsupported("toy-printer", "sale"),
      printRefund: () => unsupported("toy-printer", "refund"),
      printVoid: () => unsupported("toy-printer", "void"),
      lastDocument: Effect.succeed(Option.none()),
      xReport: unsupported("toy-printer", "x-report"),
      dailyClosure: unsupported("toy-printer", "z-report"),
      fiscalFiles: () => unsupported("toy-printer", "fiscal-archive"),
      readFiscalFile: () => unsupported("toy-printer", "fiscal-archive"),
      zTransmission: () => unsupported("toy-printer", "z-transmission"),
      cashRegister: unsupported("toy-printer", "cash-register")
    })
})

describe("defineDriver", () => {
  it("rejects malformed definitions when the host loads them", () => {
    expect(() => defineDriver({ ...printer, id: "Bad Id" })).toThrow(/driver id/)
    expect(() => defineDriver({ ...printer, kinds: [] } as never)).toThrow(/at least one/)
    expect(() => defineDriver({ ...printer, capabilities: ["pay" as never] })).toThrow(/capability pay does not exist/)
    expect(() => defineDriver({ ...printer, kinds: ["rt-printer", "router"] } as never)).toThrow()
  })
})

describe("driver registry", () => {
  const registry = createDriverRegistry([printer])

  it("validates a device's config with the driver's own schema and returns it normalised", () => {
    expect(registry.validate("toy-printer", "rt-printer", { port: 9100 })).toEqual({ port: 9100, label: "till" })
  })

  it("names the bad field under driver.config", () => {
    try {
      registry.validate("toy-printer", "rt-printer", { port: "x" })
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidInput)
      expect((e as InvalidInput).issues[0]?.path).toBe("driver.config.port")
    }
  })

  it("refuses unknown drivers and kinds the driver does not serve", () => {
    expect(() => registry.validate("nope", "rt-printer", {})).toThrow(/unknown driver nope/)
    expect(() => registry.validate("toy-printer", "sat", { port: 1 })).toThrow(/serves rt-printer, not sat/)
    expect(() => createDriverRegistry([printer, printer])).toThrow(/registered twice/)
  })

  it("describes drivers with a JSON Schema of their config", () => {
    const [d] = registry.describe()
    expect(d?.configSchema).toMatchObject({ type: "object", required: ["port"] })
  })

  it("an unsupported capability fails with a typed error", async () => {
    const result = await Effect.runPromise(
      Effect.flip(Effect.flatMap(FiscalPrinter, (p) => p.xReport)).pipe(Effect.provide(printer.make({ port: 1, label: "x" }, { livemode: false })))
    )
    expect(result).toBeInstanceOf(Unsupported)
    expect(result.code).toBe("unsupported")
  })
})
