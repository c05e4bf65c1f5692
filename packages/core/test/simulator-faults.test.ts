import { describe, expect, it } from "vitest"
import { createFaultSwitch } from "../src/index.js"

describe("createFaultSwitch", () => {
  it("keeps lasting faults until cleared and treats unreachable as down", () => {
    const faults = createFaultSwitch()
    faults.inject({ fault: "unreachable" })
    faults.inject({ fault: "busy" })
    expect([faults.isDown(), faults.isBusy(), faults.isHanging()]).toEqual([true, true, false])
    faults.clear()
    expect(faults.list()).toEqual([])
  })

  it("drops exactly one reply, then arms the follow-up fault", () => {
    const faults = createFaultSwitch()
    faults.inject({ fault: "drop-reply-after-commit", then: "down" })
    expect(faults.isDown()).toBe(false)
    expect(faults.takeDroppedReply()).toBe(true)
    expect(faults.takeDroppedReply()).toBe(false)
    expect(faults.isDown()).toBe(true)
  })
})
