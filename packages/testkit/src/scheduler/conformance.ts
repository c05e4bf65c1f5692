import { randomUUID } from "node:crypto"
import type { Scheduler } from "@fisco/core"
import { afterEach, describe, expect, it, vi } from "vitest"
import { RunLog } from "./run-log.js"
import { createTestClock, type TestClock } from "./test-clock.js"

/** A scheduler on a fresh database, plus the means to open more on the same one. */
export interface SchedulerFixture {
  /** Not started yet. */
  readonly scheduler: Scheduler
  /** Another scheduler on the same database (not started): a restart, or a second server instance. */
  readonly another: () => Promise<Scheduler>
  /** Runs after every scheduler of the test has been stopped, e.g. to delete a temporary file. */
  readonly dispose?: () => Promise<void>
}

export interface SchedulerConformanceOptions {
  /** Shown in the suite's title, e.g. "sqlite". */
  readonly name: string
  /**
   * Builds the schedulers of one test. They must read cron time from `clock` (the suite moves it
   * forward to reach ticks) and poll often enough for the suite to finish in seconds.
   */
  readonly create: (clock: TestClock) => Promise<SchedulerFixture>
  /** How long to wait before asserting that nothing more happens: a few poll intervals (default 2000). */
  readonly settleMs?: number
  /** Skips every test, e.g. when the database is unreachable outside CI. */
  readonly skip?: boolean
}

const testTimeoutMs = 60_000
const waitTimeoutMs = 30_000

const at = (iso: string) => new Date(iso)

/** Job names are unique per test, so suites sharing one database never see each other's jobs. */
const uniqueName = (label: string) => `${label}-${randomUUID().slice(0, 8)}`

const eventually = (assertion: () => void) => vi.waitFor(assertion, { timeout: waitTimeoutMs, interval: 20 })

/**
 * Registers the scheduler conformance suite: what every `Scheduler` adapter must do, from one-off
 * jobs to exactly-once execution across two instances on one database.
 *
 * ```ts
 * schedulerConformance({
 *   name: "sqlite",
 *   create: async (clock) => {
 *     const filename = join(await mkdtemp(join(tmpdir(), "fisco-")), "jobs.db")
 *     const open = async () => createSqliteScheduler({ filename, clock, pollIntervalMs: 50 })
 *     return { scheduler: await open(), another: open }
 *   },
 *   settleMs: 500
 * })
 * ```
 */
export const schedulerConformance = (options: SchedulerConformanceOptions): void => {
  const settleMs = options.settleMs ?? 2000
  const settle = () => new Promise((resolve) => setTimeout(resolve, settleMs))

  describe.skipIf(options.skip === true)(`Scheduler conformance: ${options.name}`, () => {
    const running = new Set<Scheduler>()
    const disposers: Array<() => Promise<void>> = []

    /** A fresh database; every scheduler opened on it is stopped after the test. */
    const setup = async () => {
      const clock = createTestClock()
      const fixture = await options.create(clock)
      running.add(fixture.scheduler)
      if (fixture.dispose) disposers.push(fixture.dispose)
      const another = async () => {
        const scheduler = await fixture.another()
        running.add(scheduler)
        return scheduler
      }
      return { clock, scheduler: fixture.scheduler, another }
    }

    const stop = async (scheduler: Scheduler) => {
      running.delete(scheduler)
      await scheduler.stop()
    }

    afterEach(async () => {
      await Promise.all([...running].map(stop))
      for (const dispose of disposers.splice(0)) await dispose()
    })

    it(
      "runs a one-off job once, with its payload",
      async () => {
        const { scheduler } = await setup()
        const runs = new RunLog()
        const name = uniqueName("once")
        await scheduler.work(name, runs.handler("a"))
        await scheduler.start()

        const id = await scheduler.send(name, { device: "rt-1", amount: 1250 })
        await eventually(() => expect(runs.of(name)).toHaveLength(1))
        await settle()

        expect(runs.of(name)).toEqual([{ id, name, payload: { device: "rt-1", amount: 1250 }, attempt: 1, instance: "a" }])
      },
      testTimeoutMs
    )

    it(
      "does not run a job before its runAt, and cancels one that is still waiting",
      async () => {
        const { clock, scheduler } = await setup()
        const runs = new RunLog()
        const name = uniqueName("delayed")
        const later = await scheduler.send(name, { when: "in an hour" }, { runAt: new Date(clock().getTime() + 3600_000) })
        const soon = await scheduler.send(name, { when: "soon" }, { runAt: new Date(clock().getTime() + 1500) })
        await scheduler.work(name, runs.handler("a"))
        await scheduler.start()

        await eventually(() => expect(runs.payloadsOf(name)).toEqual([{ when: "soon" }]))
        expect(await scheduler.cancel(later)).toBe(true)
        expect(await scheduler.cancel(later)).toBe(false)
        expect(await scheduler.cancel(soon)).toBe(false)
        expect(await scheduler.cancel(randomUUID())).toBe(false)

        // Past its runAt now, yet cancelled: it never runs.
        clock.set(new Date(clock().getTime() + 2 * 3600_000))
        await settle()
        expect(runs.payloadsOf(name)).toEqual([{ when: "soon" }])
      },
      testTimeoutMs
    )

    it(
      "keeps one waiting job per singletonKey and returns its id to later sends",
      async () => {
        const { scheduler } = await setup()
        const runs = new RunLog()
        const name = uniqueName("poll")
        const first = await scheduler.send(name, { n: 1 }, { singletonKey: "device-1" })
        const again = await scheduler.send(name, { n: 2 }, { singletonKey: "device-1" })
        const otherKey = await scheduler.send(name, { n: 3 }, { singletonKey: "device-2" })
        expect(again).toBe(first)
        expect(otherKey).not.toBe(first)

        await scheduler.work(name, runs.handler("a"))
        await scheduler.start()
        await eventually(() => expect(runs.of(name)).toHaveLength(2))

        // Once the first has run, the key is free again.
        const afterRun = await scheduler.send(name, { n: 4 }, { singletonKey: "device-1" })
        expect(afterRun).not.toBe(first)
        await eventually(() => expect(runs.of(name)).toHaveLength(3))
        await settle()

        expect(runs.of(name).map((r) => r.id).sort()).toEqual([first, otherKey, afterRun].sort())
        expect(runs.payloadsOf(name)).toEqual(expect.arrayContaining([{ n: 1 }, { n: 3 }, { n: 4 }]))
      },
      testTimeoutMs
    )

    it(
      "gives concurrent sends with one singletonKey, from two instances, one job",
      async () => {
        const { scheduler: a, another } = await setup()
        const b = await another()
        const name = uniqueName("poll-race")
        const ids = await Promise.all(
          Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).send(name, { i }, { singletonKey: "device-9" }))
        )
        expect(new Set(ids).size).toBe(1)
      },
      testTimeoutMs
    )

    it(
      "runs at most `concurrency` jobs of a name at once in an instance",
      async () => {
        const { scheduler } = await setup()
        const runs = new RunLog()
        const name = uniqueName("parallel")
        let open: () => void = () => {}
        const gate = new Promise<void>((resolve) => (open = resolve))
        let running = 0
        let most = 0
        await scheduler.work(
          name,
          runs.handler("a", async () => {
            most = Math.max(most, ++running)
            await gate
            running--
          }),
          { concurrency: 2 }
        )
        await scheduler.start()
        for (let i = 0; i < 5; i++) await scheduler.send(name, { i })

        await eventually(() => expect(running).toBe(2))
        await settle()
        expect(runs.of(name)).toHaveLength(2)
        open()
        await eventually(() => expect(runs.of(name)).toHaveLength(5))
        expect(most).toBe(2)
      },
      testTimeoutMs
    )

    it(
      "waits in stop() for a running handler, and records its outcome",
      async () => {
        const { scheduler, another } = await setup()
        const runs = new RunLog()
        const name = uniqueName("graceful")
        let finish: () => void = () => {}
        const finishing = new Promise<void>((resolve) => (finish = resolve))
        let finished = false
        await scheduler.work(
          name,
          runs.handler("a", async () => {
            await finishing
            finished = true
          })
        )
        await scheduler.start()
        await scheduler.send(name, {})
        await eventually(() => expect(runs.of(name)).toHaveLength(1))

        let stopped = false
        const stopping = stop(scheduler).then(() => (stopped = true))
        await settle()
        expect(stopped).toBe(false)
        finish()
        await stopping
        expect(finished).toBe(true)

        // The run was recorded as done: a new instance does not run it again.
        const next = await another()
        await next.work(name, runs.handler("next"))
        await next.start()
        await settle()
        expect(runs.of(name)).toHaveLength(1)
      },
      testTimeoutMs
    )

    it(
      "retries a failing job up to retryLimit, then stops",
      async () => {
        const { scheduler } = await setup()
        const runs = new RunLog()
        const broken = uniqueName("broken")
        const flaky = uniqueName("flaky")
        await scheduler.work(broken, runs.handler("a", () => Promise.reject(new Error("paper out"))), {
          retryLimit: 2,
          retryDelaySeconds: 0
        })
        await scheduler.work(
          flaky,
          runs.handler("a", (job) => (job.attempt === 1 ? Promise.reject(new Error("busy")) : undefined)),
          { retryLimit: 5, retryDelaySeconds: 0 }
        )
        await scheduler.start()

        const brokenId = await scheduler.send(broken, {})
        const flakyId = await scheduler.send(flaky, {})
        await eventually(() => {
          expect(runs.of(broken)).toHaveLength(3)
          expect(runs.of(flaky)).toHaveLength(2)
        })
        await settle()

        expect(runs.of(broken).map((r) => [r.id, r.attempt])).toEqual([
          [brokenId, 1],
          [brokenId, 2],
          [brokenId, 3]
        ])
        expect(runs.of(flaky).map((r) => [r.id, r.attempt])).toEqual([
          [flakyId, 1],
          [flakyId, 2]
        ])
      },
      testTimeoutMs
    )

    it(
      "enqueues one job per cron tick, in the schedule's time zone, with at most one catch-up",
      async () => {
        const { clock, scheduler } = await setup()
        const runs = new RunLog()
        const name = uniqueName("tick")
        clock.set(at("2030-01-15T07:58:30Z"))
        await scheduler.every(name, "minute", "* * * * *", { from: "minute" })
        await scheduler.every(name, "rome", "0 9 * * *", { from: "rome" }, { timezone: "Europe/Rome" })
        await scheduler.every(name, "utc", "0 9 * * *", { from: "utc" })
        await scheduler.work(name, runs.handler("a"))
        await scheduler.start()

        const counts = () => {
          const byFrom: Record<string, number> = {}
          for (const payload of runs.payloadsOf(name)) {
            const from = (payload as { from: string }).from
            byFrom[from] = (byFrom[from] ?? 0) + 1
          }
          return byFrom
        }
        const reach = (expected: Record<string, number>) =>
          eventually(() => expect(counts()).toEqual(expect.objectContaining(expected)))

        clock.set(at("2030-01-15T07:59:01Z"))
        await reach({ minute: 1 })
        // 09:00 in Rome is 08:00 UTC in January.
        clock.set(at("2030-01-15T08:00:01Z"))
        await reach({ minute: 2, rome: 1 })
        // Thirty ticks missed: one catch-up, not thirty.
        clock.set(at("2030-01-15T08:30:01Z"))
        await reach({ minute: 3 })

        await scheduler.every(name, "minute", "* * * * *", { from: "minute, replaced" })
        await scheduler.unschedule(name, "rome")
        clock.set(at("2030-01-15T09:00:01Z"))
        await reach({ "minute, replaced": 1, utc: 1 })
        // The next day: Rome's 09:00 would tick again were it still scheduled.
        clock.set(at("2030-01-16T08:00:01Z"))
        await reach({ "minute, replaced": 2 })
        await settle()

        expect(counts()).toEqual({ minute: 3, rome: 1, utc: 1, "minute, replaced": 2 })
        await scheduler.unschedule(name, "minute")
        await scheduler.unschedule(name, "utc")
      },
      testTimeoutMs
    )

    it(
      "keeps jobs and schedules across a restart",
      async () => {
        const { clock, scheduler: first, another } = await setup()
        const runs = new RunLog()
        const name = uniqueName("durable")
        const tick = uniqueName("durable-tick")
        clock.set(at("2031-03-10T10:00:30Z"))
        await first.start()
        const id = await first.send(name, { sent: "before the restart" })
        await first.every(tick, "k", "* * * * *", { from: "schedule" })
        await stop(first)

        const second = await another()
        await second.work(name, runs.handler("second"))
        await second.work(tick, runs.handler("second"))
        await second.start()
        clock.set(at("2031-03-10T10:01:01Z"))
        await eventually(() => {
          expect(runs.of(name)).toHaveLength(1)
          expect(runs.of(tick)).toHaveLength(1)
        })
        await settle()

        expect(runs.of(name)).toEqual([{ id, name, payload: { sent: "before the restart" }, attempt: 1, instance: "second" }])
        expect(runs.payloadsOf(tick)).toEqual([{ from: "schedule" }])
        await second.unschedule(tick, "k")
      },
      testTimeoutMs
    )

    it(
      "shares the work of two instances on one database, running each job exactly once",
      async () => {
        const { clock, scheduler: a, another } = await setup()
        const b = await another()
        const runs = new RunLog()
        const name = uniqueName("shared")
        const tick = uniqueName("shared-tick")
        clock.set(at("2032-06-01T10:00:30Z"))
        const briefly = () => new Promise<void>((resolve) => setTimeout(resolve, 5))
        for (const [label, scheduler] of [["a", a], ["b", b]] as const) {
          await scheduler.work(name, runs.handler(label, briefly), { concurrency: 3 })
          await scheduler.work(tick, runs.handler(label))
        }
        await a.every(tick, "k", "* * * * *", { from: "schedule" })
        await Promise.all([a.start(), b.start()])

        const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).send(name, { i })))
        clock.set(at("2032-06-01T10:01:01Z"))
        await eventually(() => {
          expect(new Set(runs.of(name).map((r) => r.id)).size).toBe(40)
          expect(runs.of(tick).length).toBeGreaterThanOrEqual(1)
        })
        await settle()

        expect(runs.of(name).map((r) => r.id).sort()).toEqual([...ids].sort())
        expect(runs.of(tick)).toHaveLength(1)
        await a.unschedule(tick, "k")
      },
      testTimeoutMs
    )

    it(
      "rejects bad input with InvalidInput naming the field",
      async () => {
        const { scheduler } = await setup()
        const name = uniqueName("bad")
        const invalid = (path: string) => expect.objectContaining({ code: "invalid_input", issues: [expect.objectContaining({ path })] })
        await expect(scheduler.every(name, "k", "0 0 9 * * *", {})).rejects.toEqual(invalid("cron"))
        await expect(scheduler.every(name, "k", "61 * * * *", {})).rejects.toEqual(invalid("cron"))
        await expect(scheduler.every(name, "k", "0 9 * * *", {}, { timezone: "Mars/Olympus" })).rejects.toEqual(invalid("timezone"))
        await expect(scheduler.send(name, { amount: 10n })).rejects.toEqual(invalid("payload"))
        await expect(scheduler.send(name, {}, { runAt: new Date(Number.NaN) })).rejects.toEqual(invalid("runAt"))
        await expect(scheduler.work(name, async () => {}, { concurrency: 0 })).rejects.toEqual(invalid("concurrency"))
        await expect(scheduler.send("", {})).rejects.toEqual(invalid("name"))
      },
      testTimeoutMs
    )
  })
}
