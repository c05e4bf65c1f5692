import { existsSync } from "node:fs"
import path from "node:path"

/** File every AdE schema directory holds; used to recognise one. */
const MARKER = "CorrispettiviTypes_v1.0.xsd"

export interface FindSchemaDirOptions {
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly cwd?: string
}

/**
 * Where the official AdE XSDs are: `FISCO_ADE_SCHEMAS` when set, else the `shared/spec/ade`
 * directory found next to the repository (walking up from the working directory), else undefined.
 * The XSDs are AdE's files and are read at run time, never copied into this package.
 */
export const findAdeSchemaDir = (options: FindSchemaDirOptions = {}): string | undefined => {
  const env = options.env ?? process.env
  const fromEnv = env["FISCO_ADE_SCHEMAS"]
  if (fromEnv) return fromEnv
  for (let dir = path.resolve(options.cwd ?? process.cwd()); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "shared", "spec", "ade")
    if (existsSync(path.join(candidate, MARKER))) return candidate
    if (path.dirname(dir) === dir) return undefined
  }
}
