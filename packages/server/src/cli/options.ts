import { parseArgs } from "node:util"
import { CliError } from "./cli-error.js"

type OptionSpec = Record<string, { readonly type: "string" | "boolean"; readonly short?: string }>

/** Parses a sub-command's flags strictly: an unknown flag is an error, not silently ignored. */
export const parseOptions = <S extends OptionSpec>(argv: ReadonlyArray<string>, spec: S) => {
  try {
    return parseArgs({ args: [...argv], options: spec, strict: true, allowPositionals: false }).values as {
      [K in keyof S]?: S[K]["type"] extends "boolean" ? boolean : string
    }
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error))
  }
}

export const required = (value: string | undefined, flag: string): string => {
  if (value === undefined || value.trim() === "") throw new CliError(`missing --${flag}`)
  return value
}

/** Where the embedded SQLite database, secrets and sandbox.json live. */
export const DATA_DIR_FLAG = { "data-dir": { type: "string" }, "database-url": { type: "string" } } as const
