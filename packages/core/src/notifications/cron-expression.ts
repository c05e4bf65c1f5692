import { Schema } from "effect"

/**
 * A 5-field cron expression (minute hour day-of-month month day-of-week), checked field by field so
 * a typo in a distribution list is refused when the list is saved, not when the scheduler first
 * parses it. Each field is a comma list of `*`, `n`, `a-b`, each optionally `/step`; months and
 * weekdays also take English three-letter names (`JAN`, `MON`); Sunday is 0 or 7.
 */
interface FieldRange {
  readonly name: string
  readonly min: number
  readonly max: number
  readonly names?: ReadonlyArray<string>
}

const FIELDS: ReadonlyArray<FieldRange> = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] },
  { name: "day-of-week", min: 0, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] }
]

const valueOf = (token: string, field: FieldRange): number | undefined => {
  if (/^\d{1,2}$/.test(token)) return Number(token)
  const index = field.names?.indexOf(token.toUpperCase()) ?? -1
  if (index < 0) return undefined
  return field.min + index
}

const ELEMENT = /^(\*|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:\/(\d{1,2}))?$/

/** Why one comma-separated element of a field is wrong, or undefined when it is fine. */
const elementProblem = (element: string, field: FieldRange): string | undefined => {
  const match = ELEMENT.exec(element)
  if (!match) return `"${element}" is not *, a value, a range or a step`
  const [, range = "", step] = match
  if (step !== undefined && Number(step) < 1) return `step in "${element}" must be at least 1`
  if (range === "*") return undefined
  const bounds = range.split("-").map((token) => valueOf(token, field))
  if (bounds.some((b) => b === undefined || b < field.min || b > field.max)) {
    return `"${element}" is outside ${field.min}-${field.max}`
  }
  const [from = 0, to = from] = bounds as ReadonlyArray<number>
  return from > to ? `range "${element}" runs backwards` : undefined
}

/** The first problem of an expression, or undefined when it is a valid 5-field cron expression. */
export const cronProblem = (expression: string): string | undefined => {
  const fields = expression.trim().split(/\s+/)
  if (fields.length !== 5) return "must have 5 fields: minute hour day-of-month month day-of-week"
  for (const [i, text] of fields.entries()) {
    const field = FIELDS[i] as FieldRange
    for (const element of text.split(",")) {
      const problem = elementProblem(element, field)
      if (problem) return `${field.name}: ${problem}`
    }
  }
  return undefined
}

export const CronExpression = Schema.String.pipe(
  Schema.filter((s) => cronProblem(s) ?? true),
  Schema.annotations({ description: "5-field cron expression (minute hour day-of-month month day-of-week)", examples: ["0 8 * * MON-FRI"] })
)
