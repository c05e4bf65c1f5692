/** Fields of one structured log line. */
export type LogFields = Readonly<Record<string, unknown>>

/**
 * Where the server writes its log lines. Small on purpose so a host can forward to pino, its own
 * logger or a test buffer. Callers never pass credentials; the JSON logger also redacts by key name.
 */
export interface Logger {
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
}

/** Anything with a `write(string)`, e.g. `process.stdout` or a file stream. */
export interface LineSink {
  write(line: string): unknown
}

/** Field names that may carry a credential; their values are replaced even if a caller slips up. */
const SECRET_KEY = /authorization|password|secret|token|api[-_]?key|cookie/i

const redact = (fields: LogFields): Record<string, unknown> =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, SECRET_KEY.test(k) ? "[redacted]" : v]))

/** A logger writing one JSON object per line: `{ level, time, msg, ...fields }`. */
export const createJsonLogger = (sink: LineSink = process.stdout): Logger => {
  const write = (level: string) => (message: string, fields: LogFields = {}) => {
    sink.write(`${JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...redact(fields) })}\n`)
  }
  return { info: write("info"), warn: write("warn"), error: write("error") }
}
