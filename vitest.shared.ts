import { defineConfig } from "vitest/config"

/** Tests run against workspace sources (the `@fisco/source` export condition), so no build is needed first. */
export default defineConfig({
  resolve: { conditions: ["@fisco/source"] },
  ssr: { resolve: { conditions: ["@fisco/source"] } },
  test: { testTimeout: 20_000, hookTimeout: 30_000 }
})
