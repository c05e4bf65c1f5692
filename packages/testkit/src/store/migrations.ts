import { describe, expect, it } from "vitest"
import type { SuiteContext } from "./suite-context.js"

export const migrationTests = ({ store, firstMigration }: SuiteContext) =>
  describe("migrations", () => {
    it("the first migrate() applies every migration, in name order", () => {
      const { applied, current } = firstMigration()
      expect(applied.length).toBeGreaterThan(0)
      expect(applied).toEqual(current)
      expect([...current].sort()).toEqual(current)
      for (const name of current) expect(name).toMatch(/^\d{4}_[a-z0-9_]+$/)
    })

    it("a second migrate() applies nothing and lists the same migrations", async () => {
      expect(await store().migrate()).toEqual({ applied: [], current: firstMigration().current })
    })

    it("concurrent migrate() calls on an up-to-date database apply nothing", async () => {
      const reports = await Promise.all([store().migrate(), store().migrate()])
      for (const report of reports) expect(report).toEqual({ applied: [], current: firstMigration().current })
    })

    it("ping() answers", async () => {
      await expect(store().ping()).resolves.toBeUndefined()
    })
  })
