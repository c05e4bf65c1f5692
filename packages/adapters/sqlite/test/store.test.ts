import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { type MigrationReport, type TenantId, newId } from "@fisco/core"
import { storeMigrations } from "@fisco/store-kysely"
import { storeConformance } from "@fisco/testkit"
import { afterAll, describe, expect, it } from "vitest"
import { createSqliteStore, openSqliteDatabase, openSqliteKysely } from "../src/index.js"

/** A child process running `store-migrate-process.mjs`: `ready` once loaded, `go()` to migrate, then its report. */
const migratingProcess = (filename: string) => {
  const child = spawn(process.execPath, [fileURLToPath(new URL("./store-migrate-process.mjs", import.meta.url)), filename], {
    stdio: ["pipe", "pipe", "inherit"]
  })
  let out = ""
  const lines = new Promise<ReadonlyArray<string>>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes("\n")) resolve(out.split("\n"))
    })
    child.on("error", reject)
  })
  const exit = new Promise<void>((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`migrating process exited with ${code}: ${out}`))))
  )
  return {
    ready: Promise.race([lines, exit]).then(() => expect(out.startsWith("ready\n")).toBe(true)),
    go: () => child.stdin.write("go\n"),
    report: exit.then(() => JSON.parse(out.split("\n")[1] as string) as MigrationReport)
  }
}

const dir = mkdtempSync(join(tmpdir(), "fisco-sqlite-store-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

storeConformance({ name: "sqlite (file)", create: async () => createSqliteStore({ filename: join(dir, "conformance", "fisco.db") }) })
storeConformance({ name: "sqlite (:memory:)", create: async () => createSqliteStore({ filename: ":memory:" }) })

describe("sqlite store", () => {
  it("creates the parent directories and opens the file in WAL mode with foreign keys on", () => {
    const filename = join(dir, "nested", "deeper", "fisco.db")
    const db = openSqliteDatabase(filename)
    try {
      expect(existsSync(filename)).toBe(true)
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal")
      expect(db.pragma("foreign_keys", { simple: true })).toBe(1)
      expect(db.pragma("busy_timeout", { simple: true })).toBeGreaterThan(0)
    } finally {
      db.close()
    }
  })

  it("reports its dialect and keeps data across a reopen", async () => {
    const filename = join(dir, "reopen.db")
    const first = createSqliteStore({ filename })
    expect(first.dialect).toBe("sqlite")
    expect((await first.migrate()).applied).toEqual(Object.keys(storeMigrations))
    const tenant = await first.tenants.create({ id: newId("ten") as TenantId, name: "Persistente Srl", createdAt: new Date().toISOString() })
    await first.close()

    const second = createSqliteStore({ filename })
    expect(await second.migrate()).toEqual({ applied: [], current: Object.keys(storeMigrations) })
    expect(await second.tenants.get(tenant.id)).toStrictEqual(tenant)
    await second.close()
  })

  // Each child loads the TypeScript sources through vite first: allow for a slow, busy machine.
  it("processes migrating one new file at the same moment apply each migration exactly once", { timeout: 60_000 }, async () => {
    const filename = join(dir, "race.db")
    const children = [0, 1, 2].map(() => migratingProcess(filename))
    await Promise.all(children.map((c) => c.ready))
    for (const c of children) c.go()
    const reports = await Promise.all(children.map((c) => c.report))
    expect(reports.flatMap((r) => r.applied)).toEqual(Object.keys(storeMigrations))
    for (const r of reports) expect(r.current).toEqual(Object.keys(storeMigrations))
  })

  it("a store on a shared kysely instance leaves it open on close", async () => {
    const kysely = openSqliteKysely(join(dir, "shared.db"))
    const store = createSqliteStore({ kysely })
    await store.migrate()
    await store.close()
    await expect(store.ping()).resolves.toBeUndefined()
    await kysely.destroy()
  })
})
