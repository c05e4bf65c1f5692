// A separate process migrating the SQLite file named in argv[2] with the store's TypeScript
// sources (loaded through vite, as vitest does). It prints "ready", waits for a line on stdin so
// that several processes migrate at the same moment, then prints the MigrationReport as JSON.
import { once } from "node:events"
import { fileURLToPath } from "node:url"
import { runnerImport } from "vite"

const { module } = await runnerImport(fileURLToPath(new URL("../src/store.ts", import.meta.url)), {
  logLevel: "silent",
  // Workspace packages run from their TypeScript sources, not a (possibly stale) build.
  environments: { inline: { resolve: { conditions: ["@fisco/source"], noExternal: [/^@fisco\//] } } }
})
const store = module.createSqliteStore({ filename: process.argv[2] })
process.stdout.write("ready\n")
await once(process.stdin, "data")
try {
  process.stdout.write(`${JSON.stringify(await store.migrate())}\n`)
} finally {
  await store.close()
  process.stdin.destroy()
}
