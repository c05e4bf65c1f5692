import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { type LocalQueue, openLocalQueue } from "../src/queue.js"
import { backoffDelay } from "../src/backoff.js"

const dirs: string[] = []
const open: LocalQueue[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "fisco-agent-queue-"))
  dirs.push(dir)
  return dir
}
const queueIn = (dir: string, limits = { maxItems: 1000, maxBytes: 10_000_000 }) => {
  const q = openLocalQueue(dir, limits)
  open.push(q)
  return q
}
afterEach(() => {
  for (const q of open.splice(0)) {
    try {
      q.close()
    } catch {
      // already closed by the test
    }
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const kinds = (q: LocalQueue) => q.peek(1000).map((i) => `${i.itemClass}:${(i.body as { n: number }).n}`)

describe("local store-and-forward queue", () => {
  it("keeps items, their ids and the agent id across a reopen, in order, until acknowledged", () => {
    const dir = tempDir()
    const first = queueIn(dir)
    const ids = [1, 2, 3].map((n) => {
      const outcome = first.enqueue("status", { kind: "device.status", n })
      if (!outcome.queued) throw new Error("not queued")
      return outcome.id
    })
    expect(new Set(ids).size).toBe(3)
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/)
    const agentId = first.agentId
    first.close()

    const second = queueIn(dir)
    expect(second.agentId).toBe(agentId)
    expect(second.peek(10).map((i) => i.id)).toEqual(ids)
    expect(second.peek(10).map((i) => i.body.id)).toEqual(ids)
    second.ack([ids[0]!])
    expect(second.peek(10).map((i) => i.id)).toEqual(ids.slice(1))
    expect(second.stats().items).toBe(2)
  })

  it("when full drops the oldest logs first, then the oldest statuses, never fiscal data", () => {
    const q = queueIn(tempDir(), { maxItems: 4, maxBytes: 1_000_000 })
    q.enqueue("log", { n: 1 })
    q.enqueue("status", { n: 2 })
    q.enqueue("log", { n: 3 })
    q.enqueue("fiscal", { n: 4 })
    expect(kinds(q)).toEqual(["log:1", "status:2", "log:3", "fiscal:4"])

    q.enqueue("status", { n: 5 }) // evicts log 1
    expect(kinds(q)).toEqual(["status:2", "log:3", "fiscal:4", "status:5"])
    q.enqueue("fiscal", { n: 6 }) // evicts log 3
    expect(kinds(q)).toEqual(["status:2", "fiscal:4", "status:5", "fiscal:6"])
    expect(q.dropped()).toEqual({ log: 2, status: 0 })

    // A log line is worth less than any status: it is the one dropped.
    expect(q.enqueue("log", { n: 7 })).toEqual({ queued: false, dropped: true })
    expect(kinds(q)).toEqual(["status:2", "fiscal:4", "status:5", "fiscal:6"])
    q.enqueue("fiscal", { n: 8 }) // evicts status 2
    q.enqueue("status", { n: 9 }) // evicts status 5
    expect(kinds(q)).toEqual(["fiscal:4", "fiscal:6", "fiscal:8", "status:9"])
    q.enqueue("fiscal", { n: 10 }) // evicts status 9
    expect(kinds(q)).toEqual(["fiscal:4", "fiscal:6", "fiscal:8", "fiscal:10"])
    expect(q.dropped()).toEqual({ log: 3, status: 3 })
    expect(q.stats().full).toBe(false)

    // Only fiscal data left: nothing is dropped, the queue says it is full.
    expect(q.enqueue("fiscal", { n: 11 })).toEqual({ queued: false, full: true })
    expect(q.enqueue("status", { n: 12 })).toEqual({ queued: false, dropped: true })
    expect(kinds(q)).toEqual(["fiscal:4", "fiscal:6", "fiscal:8", "fiscal:10"])
    expect(q.stats().full).toBe(true)

    // The server takes some: room again, and the full flag clears.
    q.ack([q.peek(1)[0]!.id])
    expect(q.stats().full).toBe(false)
    expect(q.enqueue("fiscal", { n: 11 }).queued).toBe(true)
  })

  it("is bounded by bytes as well as items", () => {
    const q = queueIn(tempDir(), { maxItems: 1000, maxBytes: 400 })
    for (let n = 0; n < 20; n++) q.enqueue("status", { n, pad: "x".repeat(50) })
    expect(q.stats().bytes).toBeLessThanOrEqual(400)
    expect(q.stats().items).toBeLessThan(20)
    const kept = kinds(q)
    expect(kept.at(-1)).toBe("status:19")
    expect(q.dropped().status).toBe(20 - kept.length)
  })

  it("keeps the full flag and the drop counts across a restart", () => {
    const dir = tempDir()
    const q = queueIn(dir, { maxItems: 1, maxBytes: 1_000_000 })
    q.enqueue("fiscal", { n: 1 })
    q.enqueue("fiscal", { n: 2 })
    q.enqueue("log", { n: 3 })
    q.close()
    const again = queueIn(dir, { maxItems: 1, maxBytes: 1_000_000 })
    expect(again.stats()).toMatchObject({ items: 1, full: true })
    expect(again.dropped()).toEqual({ log: 1, status: 0 })
  })
})

describe("enqueueOnce", () => {
  it("queues a key's item once, across restarts, and not at all when the queue refuses it", () => {
    const dir = tempDir()
    const q = queueIn(dir, { maxItems: 2, maxBytes: 1_000_000 })
    expect(q.enqueueOnce("file:a", "fiscal", { n: 1 }).queued).toBe(true)
    expect(q.enqueueOnce("file:a", "fiscal", { n: 1 })).toEqual({ queued: false, known: true })
    expect(q.enqueueOnce("file:b", "fiscal", { n: 2 }).queued).toBe(true)
    // Full of fiscal data: refused, and the key stays unknown so the file is read again later.
    expect(q.enqueueOnce("file:c", "fiscal", { n: 3 })).toEqual({ queued: false, full: true })
    expect(q.known("file:c")).toBe(false)
    q.ack(q.peek(1).map((i) => i.id))
    q.close()
    const again = queueIn(dir, { maxItems: 2, maxBytes: 1_000_000 })
    expect(again.known("file:a")).toBe(true)
    expect(again.enqueueOnce("file:a", "fiscal", { n: 1 })).toEqual({ queued: false, known: true })
    expect(again.enqueueOnce("file:c", "fiscal", { n: 3 }).queued).toBe(true)
    expect(kinds(again)).toEqual(["fiscal:2", "fiscal:3"])
  })
})

describe("backoff", () => {
  it("grows exponentially, is capped, and jitters within the upper half of each step", () => {
    const options = { baseMs: 1000, maxMs: 60_000 }
    expect(backoffDelay(1, options, () => 0)).toBe(500)
    expect(backoffDelay(1, options, () => 1)).toBe(1000)
    expect(backoffDelay(4, options, () => 1)).toBe(8000)
    expect(backoffDelay(30, options, () => 1)).toBe(60_000)
    expect(backoffDelay(30, options, () => 0)).toBe(30_000)
    const spread = new Set(Array.from({ length: 20 }, () => backoffDelay(5, options)))
    expect(spread.size).toBeGreaterThan(1)
  })
})
