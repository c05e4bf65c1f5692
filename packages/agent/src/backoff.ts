/** Retry delays after failed pushes: exponential from `baseMs`, capped at `maxMs`, with jitter. */
export interface BackoffOptions {
  readonly baseMs: number
  readonly maxMs: number
}
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 5 * 60_000 }

/**
 * Delay before retry number `attempt` (1 = first retry). "Equal jitter": half the exponential step
 * plus a random half, so a fleet of agents coming back after a server outage spreads its retries
 * instead of arriving in waves, while each agent still waits at least half the step.
 */
export const backoffDelay = (attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number => {
  const step = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)))
  return Math.round(step / 2 + random() * (step / 2))
}
