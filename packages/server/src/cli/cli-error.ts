import { isDomainError } from "@fisco/core"

/** A failure the CLI reports as one message and a non-zero exit code, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2
  ) {
    super(message)
  }
}

/** Prints an error the way a CLI user wants it and returns the exit code. */
export const reportError = (error: unknown, write: (line: string) => void): number => {
  if (error instanceof CliError) {
    write(`fisco: ${error.message}`)
    return error.exitCode
  }
  if (isDomainError(error)) {
    write(`fisco: ${error.message} [${error.code}]`)
    return error.code === "invalid_input" ? 2 : 1
  }
  write(`fisco: ${error instanceof Error ? error.message : String(error)}`)
  return 1
}
