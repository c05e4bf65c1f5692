import { type AnyDriver, defineDriver } from "@fisco/core"
import { Effect, Either, Layer, ParseResult, Schema } from "effect"
import { type DriverCheck, familyOf } from "../check.js"
import { CheckFailure, expectSuccess, expectThat } from "../expect.js"
import { describeValue } from "../outcome.js"
import { serviceMembers } from "../service-members.js"

/** Values no driver config may accept: a config schema that lets them through validates nothing. */
const GARBAGE: ReadonlyArray<unknown> = [null, 42, "not a config", [1, 2, 3], true]

const decodeConfig = (driver: AnyDriver, config: unknown) => Schema.decodeUnknownEither(driver.configSchema)(config)

/** Checks on the definition object itself and on its config schema and `make`. */
export const definitionChecks = (): ReadonlyArray<DriverCheck> => [
  {
    name: "definition: id, kinds and capabilities are valid",
    run: async ({ driver }) => {
      try {
        defineDriver(driver)
      } catch (error) {
        throw new CheckFailure(`defineDriver rejects the definition: ${(error as Error).message}`)
      }
      expectThat(typeof driver.displayName === "string" && driver.displayName.trim() !== "", "displayName must be a non-empty string")
      expectThat(new Set(driver.capabilities).size === driver.capabilities.length, `capabilities are listed twice: ${driver.capabilities.join(", ")}`)
      expectThat(Schema.isSchema(driver.configSchema), "configSchema must be an effect Schema")
      expectThat(typeof driver.make === "function", "make must be a function")
    }
  },
  {
    name: "config: the setup config decodes",
    run: async ({ driver, config }) => {
      const result = decodeConfig(driver, config)
      if (Either.isLeft(result)) {
        throw new CheckFailure(`configSchema rejects the setup config: ${ParseResult.TreeFormatter.formatErrorSync(result.left)}`)
      }
    }
  },
  {
    name: "config: garbage is rejected with a parse error",
    run: async ({ driver }) => {
      for (const garbage of GARBAGE) {
        let result: ReturnType<typeof decodeConfig>
        try {
          result = decodeConfig(driver, garbage)
        } catch (error) {
          throw new CheckFailure(`configSchema threw on ${describeValue(garbage)} instead of returning a parse error: ${String(error)}`)
        }
        expectThat(Either.isLeft(result) && ParseResult.isParseError(result.left), `configSchema accepts ${describeValue(garbage)}`)
      }
    }
  },
  {
    name: "make: builds a layer providing the service",
    run: async (context) => {
      const { driver, config } = context
      const decoded = Schema.decodeUnknownSync(driver.configSchema)(config)
      let layer: unknown
      try {
        layer = driver.make(decoded, { livemode: false })
      } catch (error) {
        throw new CheckFailure(`make threw instead of returning a layer: ${String(error)}`)
      }
      expectThat(Layer.isLayer(layer), "make must return an Effect Layer")
      const service = expectSuccess(await context.call((s: object) => Effect.succeed(s)), "building the layer")
      const missing = serviceMembers[familyOf(driver)].filter((member) => !(member in service))
      expectThat(missing.length === 0, `the service lacks ${missing.join(", ")}`)
    }
  }
]
