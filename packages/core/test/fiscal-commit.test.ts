import { Effect, Option } from "effect"
import { describe, expect, it } from "vitest"
import { DeviceTimeout, OutcomeUnknown, ReplyLost, commitOnce } from "../src/index.js"

/** A fake device: `printed` is what it registered; `loseReplies` replies are lost after printing. */
const device = (options: { loseReplies: number; readBackFails?: boolean; dropBeforePrint?: boolean }) => {
  const printed: number[] = []
  let lose = options.loseReplies
  const timeout = new DeviceTimeout({ operation: "print", afterMs: 10 })
  const send = Effect.suspend(() => {
    if (options.dropBeforePrint && lose > 0) {
      lose--
      return Effect.fail(new ReplyLost({ error: timeout }))
    }
    printed.push(printed.length + 1)
    if (lose > 0) {
      lose--
      return Effect.fail(new ReplyLost({ error: timeout }))
    }
    return Effect.succeed(printed.length)
  })
  const readBack = Effect.suspend(() =>
    options.readBackFails ? Effect.fail(timeout) : Effect.succeed(printed.length > 0 ? Option.some(printed.length) : Option.none())
  )
  return { printed, run: () => Effect.runPromise(Effect.either(commitOnce({ operation: "printSale", send, readBack }))) }
}

describe("commitOnce", () => {
  it("returns the document the device registered when the reply was lost, without printing again", async () => {
    const d = device({ loseReplies: 1 })
    expect(await d.run()).toMatchObject({ _tag: "Right", right: 1 })
    expect(d.printed).toEqual([1])
  })

  it("prints once more only when the read-back shows nothing was registered", async () => {
    const d = device({ loseReplies: 1, dropBeforePrint: true })
    expect(await d.run()).toMatchObject({ _tag: "Right", right: 1 })
    expect(d.printed).toEqual([1])
  })

  it("fails with OutcomeUnknown when the device cannot be read back", async () => {
    const d = device({ loseReplies: 1, readBackFails: true })
    const result = await d.run()
    expect(result._tag === "Left" && result.left).toBeInstanceOf(OutcomeUnknown)
    expect(d.printed).toEqual([1])
  })
})
