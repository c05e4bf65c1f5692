import type { Clock } from "@fisco/core"

/**
 * A clock that runs at real speed from a point the test chooses. Cron ticks are tested by jumping
 * it forward (`set`) to just after a tick, leaving a whole minute of real time before the next one.
 */
export interface TestClock extends Clock {
  /** Jumps to `at`; time then keeps flowing from there. Only ever move it forward. */
  set(at: Date): void
}

export const createTestClock = (): TestClock => {
  let offsetMs = 0
  const clock = () => new Date(Date.now() + offsetMs)
  return Object.assign(clock, {
    set(at: Date) {
      offsetMs = at.getTime() - Date.now()
    }
  })
}
