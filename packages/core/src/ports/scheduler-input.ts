import { Schema } from "effect"
import { InvalidInput } from "../errors.js"
import { decodeInput } from "../validation.js"
import type { ScheduleOptions, WorkerOptions } from "./scheduler.js"

/**
 * Input checks and defaults shared by the scheduler adapters, so SQLite and pg-boss reject the same
 * inputs with the same `InvalidInput` issues and apply the port's documented defaults.
 */

/** Schedule keys and singleton keys: free text. */
const Key = Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200))

/** Job names double as queue names in pg-boss: keep them to letters, digits and `_ . : / -`. */
const Name = Key.pipe(Schema.pattern(/^[\w.:/-]+$/, { message: () => "may only contain letters, digits and _ . : / -" }))

/** A 5-field cron expression (minute hour day-of-month month day-of-week); seconds are not supported. */
const CronFields = Schema.String.pipe(
  Schema.filter((s) => s.trim().split(/\s+/).length === 5 || "must have 5 fields: minute hour day-of-month month day-of-week")
)

const isTimezone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone })
    return true
  } catch {
    return false
  }
}

const Timezone = Schema.String.pipe(Schema.filter((s) => isTimezone(s) || "must be an IANA time zone such as Europe/Rome"))

const WorkerOptionsInput = Schema.Struct({
  name: Name,
  concurrency: Schema.Int.pipe(Schema.between(1, 1000)),
  retryLimit: Schema.Int.pipe(Schema.between(0, 100)),
  retryDelaySeconds: Schema.Int.pipe(Schema.between(0, 86_400))
})

/** Worker options with the port's defaults filled in. */
export interface ResolvedWorkerOptions {
  readonly concurrency: number
  readonly retryLimit: number
  readonly retryDelaySeconds: number
}

export const resolveWorkerOptions = (name: string, options: WorkerOptions = {}): ResolvedWorkerOptions => {
  const resolved = {
    concurrency: options.concurrency ?? 1,
    retryLimit: options.retryLimit ?? 3,
    retryDelaySeconds: options.retryDelaySeconds ?? 10
  }
  decodeInput(WorkerOptionsInput, { name, ...resolved })
  return resolved
}

/** Serialises a payload to JSON text: jobs are stored, so payloads travel as JSON. */
const encodePayload = (payload: unknown): string => {
  try {
    return JSON.stringify(payload) ?? "null"
  } catch (error) {
    throw new InvalidInput({ issues: [{ path: "payload", message: `must be JSON-serialisable (${String(error)})` }] })
  }
}

const OneOffInput = Schema.Struct({
  name: Name,
  runAt: Schema.optionalWith(Schema.ValidDateFromSelf, { exact: true }),
  singletonKey: Schema.optionalWith(Key, { exact: true })
})

/** Drops `undefined` fields, so an absent option gets one clear issue (or none) rather than a union's two. */
const definedFields = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined))

/** A checked one-off job, payload already encoded. */
export interface OneOffJob {
  readonly name: string
  readonly payload: string
  readonly runAt?: Date
  readonly singletonKey?: string
}

export const decodeOneOffJob = (name: string, payload: unknown, options: ScheduleOptions = {}): OneOffJob => ({
  ...decodeInput(OneOffInput, definedFields({ name, runAt: options.runAt, singletonKey: options.singletonKey })),
  payload: encodePayload(payload)
})

const RecurringInput = Schema.Struct({
  name: Name,
  key: Key,
  cron: CronFields,
  timezone: Timezone
})

/** A checked recurring schedule, payload already encoded. The adapter still parses `cron` itself. */
export interface RecurringSchedule {
  readonly name: string
  readonly key: string
  readonly cron: string
  readonly timezone: string
  readonly payload: string
}

export const decodeRecurringSchedule = (
  name: string,
  key: string,
  cron: string,
  payload: unknown,
  options: { readonly timezone?: string } = {}
): RecurringSchedule => ({
  ...decodeInput(RecurringInput, { name, key, cron, timezone: options.timezone ?? "UTC" }),
  payload: encodePayload(payload)
})

/** The slice of a cron parser (cron-parser 4's `parseExpression`) the adapters need; core stays free of the dependency. */
export type CronParse = (expression: string, options: { readonly tz: string; readonly currentDate: Date }) => {
  next(): { toDate(): Date }
}

/**
 * Builds `nextTick(cron, timezone, after)`: the first tick strictly after `after`, so a schedule
 * never fires twice for one instant. An expression the parser refuses is `InvalidInput` on `cron`.
 */
export const cronTicker =
  (parse: CronParse) =>
  (cron: string, timezone: string, after: Date): Date => {
    try {
      return parse(cron, { tz: timezone, currentDate: after }).next().toDate()
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new InvalidInput({ issues: [{ path: "cron", message: `"${cron}" is not a valid cron expression: ${reason}` }] })
    }
  }
