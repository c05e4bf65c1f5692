import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { DeviceId, newId, ulid } from "../src/index.js"

describe("ids", () => {
  it("are prefixed and sort by creation time", () => {
    const a = newId("dev", 1_700_000_000_000)
    const b = newId("dev", 1_700_000_000_001)
    expect(a).toMatch(/^dev_[0-9A-Z]{26}$/)
    expect(a < b).toBe(true)
    expect(ulid(0).slice(0, 10)).toBe("0000000000")
  })

  it("made in one millisecond still sort in creation order", () => {
    const at = 1_700_000_000_000
    const ids = Array.from({ length: 500 }, () => ulid(at))
    expect(new Set(ids).size).toBe(500)
    expect([...ids].sort()).toEqual(ids)
  })

  it("validate their prefix", () => {
    expect(Schema.is(DeviceId)(newId("dev"))).toBe(true)
    expect(Schema.is(DeviceId)(newId("site"))).toBe(false)
  })
})
