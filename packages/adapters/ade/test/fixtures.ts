import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"

/** The repository root is four levels above packages/adapters/ade/test; the AdE specs sit beside it. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..")
export const schemaDir = path.join(repoRoot, "..", "shared", "spec", "ade")
export const samplesDir = path.join(schemaDir, "samples")
export const responsesDir = path.join(schemaDir, "responses")

export const sampleNames = (): string[] => readdirSync(samplesDir).filter((f) => f.endsWith(".xml")).sort()
export const responseNames = (): string[] => readdirSync(responsesDir).filter((f) => f.endsWith(".xml")).sort()
export const sample = (name: string): string => readFileSync(path.join(samplesDir, name), "utf8")
export const response = (name: string): string => readFileSync(path.join(responsesDir, name), "utf8")

/** Fixed test clock, after every sample certificate expired, so expiry is visible and must not fail signatures. */
export const NOW = new Date("2025-01-01T00:00:00Z")
