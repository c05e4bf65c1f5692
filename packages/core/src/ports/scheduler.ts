/** A job as handed to its handler. */
export interface Job<P = unknown> {
  readonly id: string
  readonly name: string
  readonly payload: P
  /** 1 on the first run, then 2, 3… on retries. */
  readonly attempt: number
}

export type JobHandler<P = unknown> = (job: Job<P>) => Promise<void>

export interface WorkerOptions {
  /** How many jobs of this name may run at once in this process (default 1). */
  readonly concurrency?: number
  /** Retries after a failing run (default 3), with exponential backoff from `retryDelaySeconds` (default 10). */
  readonly retryLimit?: number
  readonly retryDelaySeconds?: number
}

export interface ScheduleOptions {
  /** Run no earlier than this time (default: now). */
  readonly runAt?: Date
  /**
   * At most one pending job per (name, singletonKey): scheduling it again while one waits
   * returns the existing job id. Use it for "poll device X" so polls never pile up.
   */
  readonly singletonKey?: string
}

/**
 * Scheduler port for recurring and one-off jobs (device polls, digests, retries). Jobs are stored,
 * so a scheduled job survives a restart; with several server instances on one database each job
 * runs in exactly one of them.
 */
export interface Scheduler {
  /** Registers the handler for a job name in this process. */
  work<P>(name: string, handler: JobHandler<P>, options?: WorkerOptions): Promise<void>
  /** Schedules a one-off job; returns its id. */
  send<P>(name: string, payload: P, options?: ScheduleOptions): Promise<string>
  /**
   * Creates or replaces a recurring schedule, identified by `key` within `name`, on a 5-field cron
   * expression evaluated in `timezone` (default UTC). Each tick enqueues one job, once per installation.
   */
  every<P>(name: string, key: string, cron: string, payload: P, options?: { readonly timezone?: string }): Promise<void>
  unschedule(name: string, key: string): Promise<void>
  /** Cancels a pending one-off job; false if it already ran or does not exist. */
  cancel(jobId: string): Promise<boolean>
  start(): Promise<void>
  /** Stops taking jobs and waits for running handlers to finish. */
  stop(): Promise<void>
}
