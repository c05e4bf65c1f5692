import { Conflict } from "../errors.js"
import type { Job, JobHandler } from "./scheduler.js"
import type { ResolvedWorkerOptions } from "./scheduler-input.js"

/**
 * What a scheduler adapter's storage provides. Exactly-once lives here (`claim` must be atomic
 * against every other instance on the same database); the loop only adds polling, per-name
 * concurrency and a graceful stop, identically for every adapter.
 */
export interface JobQueue {
  /** Runs once per poll in every instance: enqueue due recurring ticks, housekeeping. */
  readonly tick: () => Promise<void>
  /** Atomically takes up to `limit` due jobs of `name` for this instance. */
  readonly claim: (name: string, limit: number, options: ResolvedWorkerOptions) => Promise<ReadonlyArray<Job>>
  readonly complete: (job: Job) => Promise<void>
  /** Records a failed run and why: the queue retries it with backoff, or gives up after `retryLimit` retries. */
  readonly fail: (job: Job, reason: string, options: ResolvedWorkerOptions) => Promise<void>
}

export interface JobLoopOptions {
  readonly pollIntervalMs: number
  /** Errors of the storage itself (never of handlers, which count as failed runs). */
  readonly onError: (error: unknown) => void
}

export interface JobLoop {
  register(name: string, handler: JobHandler<unknown>, options: ResolvedWorkerOptions): void
  start(): void
  /** Polls now rather than at the next interval, e.g. after this instance sent a job that is due. */
  wake(): void
  /** Takes no more jobs, then waits until every running handler has finished. */
  stop(): Promise<void>
}

interface Worker {
  readonly handler: JobHandler<unknown>
  readonly options: ResolvedWorkerOptions
  running: number
}

export const createJobLoop = (queue: JobQueue, { pollIntervalMs, onError }: JobLoopOptions): JobLoop => {
  const workers = new Map<string, Worker>()
  const inFlight = new Set<Promise<void>>()
  let state: "idle" | "running" | "stopped" = "idle"
  let timer: ReturnType<typeof setTimeout> | undefined
  let polling: Promise<void> | undefined
  let pollAgain = false

  const run = (worker: Worker, job: Job) => {
    worker.running++
    const done: Promise<void> = Promise.resolve()
      .then(() => worker.handler(job))
      .then(
        () => queue.complete(job),
        (error: unknown) => queue.fail(job, error instanceof Error ? error.message : String(error), worker.options)
      )
      .catch(onError)
      .finally(() => {
        worker.running--
        inFlight.delete(done)
        wake()
      })
    inFlight.add(done)
  }

  const poll = async () => {
    await queue.tick().catch(onError)
    for (const [name, worker] of workers) {
      const free = worker.options.concurrency - worker.running
      if (state !== "running" || free <= 0) continue
      try {
        for (const job of await queue.claim(name, free, worker.options)) run(worker, job)
      } catch (error) {
        onError(error)
      }
    }
  }

  const schedule = (delayMs: number) => {
    clearTimeout(timer)
    timer = setTimeout(cycle, delayMs)
  }

  const cycle = () => {
    timer = undefined
    if (state !== "running") return
    pollAgain = false
    polling = poll().finally(() => {
      polling = undefined
      if (state === "running") schedule(pollAgain ? 0 : pollIntervalMs)
    })
  }

  const wake = () => {
    if (state !== "running") return
    if (polling) pollAgain = true
    else schedule(0)
  }

  return {
    register(name, handler, options) {
      if (workers.has(name)) throw new Conflict({ reason: `a handler for job "${name}" is already registered` })
      workers.set(name, { handler, options, running: 0 })
      wake()
    },
    start() {
      if (state !== "idle") return
      state = "running"
      schedule(0)
    },
    wake,
    async stop() {
      state = "stopped"
      clearTimeout(timer)
      await polling
      while (inFlight.size > 0) await Promise.allSettled([...inFlight])
    }
  }
}
