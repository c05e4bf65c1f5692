import type { Job, JobHandler } from "@fisco/core"

export interface Run {
  readonly id: string
  readonly name: string
  readonly payload: unknown
  readonly attempt: number
  /** Which scheduler instance ran it. */
  readonly instance: string
}

/** Every handler run the suite saw, across all scheduler instances of one test. */
export class RunLog {
  readonly runs: Array<Run> = []

  /** A handler that records the run, then behaves as `then` says (throwing makes the run fail). */
  handler(instance: string, then: (job: Job) => void | Promise<void> = () => {}): JobHandler<unknown> {
    return async (job) => {
      this.runs.push({ id: job.id, name: job.name, payload: job.payload, attempt: job.attempt, instance })
      await then(job)
    }
  }

  of(name: string): Array<Run> {
    return this.runs.filter((r) => r.name === name)
  }

  payloadsOf(name: string): Array<unknown> {
    return this.of(name).map((r) => r.payload)
  }
}
