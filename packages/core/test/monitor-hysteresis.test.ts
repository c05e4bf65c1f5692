import { describe, expect, it } from "vitest"
import {
  DEFAULT_MONITOR_THRESHOLDS,
  DeviceUnreachable,
  type DeviceStatus,
  HEALTH_RULES,
  type RuleDecision,
  evaluateDevice,
  openDayRun,
  resolveThresholds,
  unreachableStatus
} from "../src/index.js"
import { DEVICE, T0, cond, reading } from "./monitor-support.js"

const nearFull = cond("dgfe.near-full")

/** Replays readings (oldest first) poll by poll and tracks the open alarm the way the monitor does. */
const replay = (polls: ReadonlyArray<DeviceStatus>, ruleId: string, thresholds = DEFAULT_MONITOR_THRESHOLDS) => {
  const rules = HEALTH_RULES.filter((r) => r.id === ruleId)
  let open = false
  let raises = 0
  let opened = 0
  const actions: RuleDecision["action"][] = []
  for (let i = 0; i < polls.length; i++) {
    const [decision] = evaluateDevice({ readings: polls.slice(0, i + 1).reverse(), thresholds, rules })
    actions.push(decision!.action)
    if (decision!.action === "raise") {
      raises++
      if (!open) opened++
      open = true
    }
    if (decision!.action === "clear") open = false
  }
  return { actions, open, raises, opened }
}

const series = (pattern: string) => [...pattern].map((c, i) => reading(c === "x" ? [nearFull] : [], i))

describe("hysteresis", () => {
  it("raises on the first firing reading and clears after two healthy ones", () => {
    const run = replay(series("..xx..."), "dgfe.near-full")
    expect(run.actions).toEqual(["hold", "clear", "raise", "raise", "hold", "clear", "clear"])
    expect(run.opened).toBe(1)
    expect(run.open).toBe(false)
  })

  it("a condition flapping every poll keeps one alarm open", () => {
    const run = replay(series("x.x.x.x.x."), "dgfe.near-full")
    expect(run.opened).toBe(1)
    expect(run.open).toBe(true)
    expect(run.actions.filter((a) => a === "clear")).toEqual([])
  })

  it("clearAfter and raiseAfter come from the tenant's thresholds", () => {
    const thresholds = resolveThresholds({ raiseAfter: 3, clearAfter: 3 })
    const run = replay(series("xx.xxx..x..."), "dgfe.near-full", thresholds)
    expect(run.actions).toEqual(["hold", "hold", "hold", "hold", "hold", "raise", "hold", "hold", "hold", "hold", "hold", "clear"])
    expect(run.opened).toBe(1)
  })

  it("a failed poll between readings neither raises nor clears a condition rule", () => {
    const lost = (minutes: number) => unreachableStatus(DEVICE, new DeviceUnreachable({ reason: "refused" }), new Date(T0 + minutes * 60_000).toISOString())
    const polls = [reading([nearFull], 0), lost(1), reading([], 2), lost(3), reading([nearFull], 4)]
    const run = replay(polls, "dgfe.near-full")
    expect(run.actions).toEqual(["raise", "hold", "hold", "hold", "raise"])
    expect(run.opened).toBe(1)
  })

  it("one lost poll is not an unreachable alarm; two are; one answer holds it, two clear it", () => {
    const lost = (minutes: number) => unreachableStatus(DEVICE, new DeviceUnreachable({ reason: "refused" }), new Date(T0 + minutes * 60_000).toISOString())
    const polls = [reading([], 0), lost(1), reading([], 2), lost(3), lost(4), lost(5), reading([], 6), lost(7), reading([], 8), reading([], 9)]
    const run = replay(polls, "device.unreachable")
    expect(run.actions).toEqual(["hold", "hold", "hold", "hold", "raise", "raise", "hold", "hold", "hold", "clear"])
    expect(run.opened).toBe(1)
  })

  it("holds when there is not yet enough history to clear", () => {
    const [decision] = evaluateDevice({ readings: [reading([])], thresholds: DEFAULT_MONITOR_THRESHOLDS, rules: HEALTH_RULES.filter((r) => r.id === "case.open") })
    expect(decision!.action).toBe("hold")
  })
})

describe("openDayRun", () => {
  const open = (minutes: number) => reading([], minutes, { dayOpen: true })
  it("finds where the current open day began, stepping over failed polls", () => {
    const lost = unreachableStatus(DEVICE, new DeviceUnreachable({ reason: "refused" }), new Date(T0 + 25 * 60_000).toISOString())
    expect(openDayRun([open(30), lost, open(20), open(10), reading([], 0, { dayOpen: false })])).toEqual({ since: open(10).observedAt, ended: true })
    expect(openDayRun([open(30), open(20)])).toEqual({ since: open(20).observedAt, ended: false })
    expect(openDayRun([reading([], 30, { dayOpen: false }), open(20)])).toEqual({ ended: true })
  })
})
