import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { type AgentId, IdPrefix, newId, ulid } from "@fisco/core"
import Database from "better-sqlite3"

/**
 * What an item is worth keeping when the queue is full, lowest first: the agent's own log lines,
 * then status readings (the next poll brings a fresher one), and fiscal data (corrispettivi files,
 * transmission states), which is never dropped.
 */
export type ItemClass = "log" | "status" | "fiscal"
const RANK: Record<ItemClass, number> = { log: 0, status: 1, fiscal: 2 }

export interface QueueLimits {
  /** Most items held (default 100,000). */
  readonly maxItems: number
  /** Most bytes of item bodies held (default 256 MiB). */
  readonly maxBytes: number
}
export const DEFAULT_QUEUE_LIMITS: QueueLimits = { maxItems: 100_000, maxBytes: 256 * 1024 * 1024 }

export interface QueuedItem {
  /** ULID minted at enqueue time; the server dedupes on it, so it never changes. */
  readonly id: string
  readonly itemClass: ItemClass
  /** The item as pushed to the server, `id` included. */
  readonly body: Record<string, unknown>
}

export type EnqueueOutcome =
  | { readonly queued: true; readonly id: string }
  /** The item itself was dropped: only more valuable items were left to make room. */
  | { readonly queued: false; readonly dropped: true }
  /** A fiscal item found the queue full of fiscal data: nothing dropped, the caller must stop producing. */
  | { readonly queued: false; readonly full: true }

export interface QueueStats {
  readonly items: number
  readonly bytes: number
  /** The last fiscal item could not be queued: polling must stop until the server drains the queue. */
  readonly full: boolean
}

/** A print command the agent started, kept until the server has its result (see `CommandJournal`). */
export interface JournalEntry {
  readonly id: string
  /** The device's last document before printing, JSON (`null`: the device had none). */
  readonly before: string
  /** The result to report, JSON, once known. */
  readonly result?: string
}

export interface LocalQueue {
  readonly agentId: AgentId
  enqueue(itemClass: ItemClass, body: Record<string, unknown>): EnqueueOutcome
  /** The oldest `limit` items, in the order they were queued. */
  peek(limit: number): ReadonlyArray<QueuedItem>
  /**
   * Queues an item unless `key` was queued before (the key is recorded in the same SQLite
   * transaction as the item): how the agent reads a device's archive file or a Z's transmission
   * state once and only once, across restarts.
   */
  enqueueOnce(key: string, itemClass: ItemClass, body: Record<string, unknown>): EnqueueOutcome | { readonly queued: false; readonly known: true }
  /** Whether `key` was queued by `enqueueOnce`. */
  known(key: string): boolean
  /** Removes items the server answered. */
  ack(ids: ReadonlyArray<string>): void
  /** Removes an item the server will never take, counting it as dropped (never for fiscal items). */
  drop(id: string): void
  stats(): QueueStats
  /** Items dropped to make room, per class, since the queue file was created. */
  dropped(): { readonly log: number; readonly status: number }
  /** A small persistent key/value (the last device list, so a restart while offline keeps polling). */
  getMeta(key: string): string | undefined
  setMeta(key: string, value: string): void
  readonly journal: {
    get(id: string): JournalEntry | undefined
    start(id: string, before: string): void
    finish(id: string, result: string): void
    remove(id: string): void
  }
  close(): void
}

/** The queue file inside the agent's data directory. */
export const QUEUE_FILE = "agent-queue.db"

/**
 * The agent's store-and-forward queue: one SQLite file (WAL) that survives restarts and power cuts.
 * Items are pushed in `seq` order and deleted only when the server has answered them. Bounded by
 * items and bytes; making room drops the oldest log lines first, then the oldest statuses, and
 * never fiscal data (see `ItemClass`).
 */
export const openLocalQueue = (dataDir: string, limits: QueueLimits = DEFAULT_QUEUE_LIMITS): LocalQueue => {
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(join(dataDir, QUEUE_FILE))
  db.pragma("journal_mode = WAL")
  db.pragma("synchronous = FULL")
  db.exec(`
    create table if not exists meta (key text primary key, value text not null);
    create table if not exists items (
      seq integer primary key autoincrement,
      id text not null unique,
      class text not null,
      body text not null,
      bytes integer not null
    );
    create index if not exists items_class_seq on items (class, seq);
    create table if not exists dropped (class text primary key, count integer not null);
    create table if not exists journal (id text primary key, before text not null, result text);
    create table if not exists queued_keys (key text primary key);
  `)
  const getMeta = (key: string) => (db.prepare("select value from meta where key = ?").get(key) as { value: string } | undefined)?.value
  const setMeta = (key: string, value: string) => void db.prepare("insert into meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value").run(key, value)
  let agentId = getMeta("agent_id") as AgentId | undefined
  if (!agentId) {
    agentId = newId(IdPrefix.agent) as AgentId
    setMeta("agent_id", agentId)
  }

  const totals = db.prepare("select count(*) as items, coalesce(sum(bytes), 0) as bytes from items")
  const oldestOf = db.prepare("select seq, bytes from items where class = ? order by seq limit 1")
  const remove = db.prepare("delete from items where seq = ?")
  const insert = db.prepare("insert into items (id, class, body, bytes) values (?, ?, ?, ?)")
  const countDrop = db.prepare("insert into dropped (class, count) values (?, 1) on conflict (class) do update set count = count + 1")
  let full = getMeta("full") === "1"
  const setFull = (value: boolean) => {
    if (full === value) return
    full = value
    setMeta("full", value ? "1" : "0")
  }

  const enqueue = db.transaction((itemClass: ItemClass, body: Record<string, unknown>): EnqueueOutcome => {
    const id = ulid()
    const text = JSON.stringify({ ...body, id })
    const bytes = Buffer.byteLength(text)
    const fits = () => {
      const t = totals.get() as { items: number; bytes: number }
      return t.items + 1 <= limits.maxItems && t.bytes + bytes <= limits.maxBytes
    }
    while (!fits()) {
      // Evict the oldest item of the least valuable class present, but never one worth more than the newcomer.
      const victim = (["log", "status"] as const)
        .filter((c) => RANK[c] <= RANK[itemClass])
        .map((c) => ({ c, row: oldestOf.get(c) as { seq: number } | undefined }))
        .find((v) => v.row !== undefined)
      if (!victim) {
        if (itemClass === "fiscal") {
          setFull(true)
          return { queued: false, full: true }
        }
        countDrop.run(itemClass)
        return { queued: false, dropped: true }
      }
      remove.run(victim.row!.seq)
      countDrop.run(victim.c)
    }
    insert.run(id, itemClass, text, bytes)
    return { queued: true, id }
  })

  const isKnown = db.prepare("select 1 as one from queued_keys where key = ?")
  const remember = db.prepare("insert into queued_keys (key) values (?)")
  const enqueueOnce = db.transaction((key: string, itemClass: ItemClass, body: Record<string, unknown>) => {
    if (isKnown.get(key)) return { queued: false as const, known: true as const }
    const outcome = enqueue(itemClass, body)
    if (outcome.queued) remember.run(key)
    return outcome
  })

  return {
    agentId,
    enqueue: (itemClass, body) => enqueue(itemClass, body),
    enqueueOnce: (key, itemClass, body) => enqueueOnce(key, itemClass, body),
    known: (key) => isKnown.get(key) !== undefined,
    peek: (limit) =>
      (db.prepare("select id, class, body from items order by seq limit ?").all(limit) as Array<{ id: string; class: ItemClass; body: string }>).map((r) => ({
        id: r.id,
        itemClass: r.class,
        body: JSON.parse(r.body) as Record<string, unknown>
      })),
    ack: db.transaction((ids: ReadonlyArray<string>) => {
      const del = db.prepare("delete from items where id = ?")
      for (const id of ids) del.run(id)
      // Room again: a fiscal item may be queued, so polling can resume.
      if (ids.length > 0) setFull(false)
    }) as (ids: ReadonlyArray<string>) => void,
    drop: db.transaction((id: string) => {
      const row = db.prepare("select class from items where id = ?").get(id) as { class: ItemClass } | undefined
      if (!row) return
      if (row.class === "fiscal") throw new Error(`item ${id} is fiscal data and is never dropped`)
      db.prepare("delete from items where id = ?").run(id)
      countDrop.run(row.class)
    }) as (id: string) => void,
    stats: () => {
      const t = totals.get() as { items: number; bytes: number }
      return { items: t.items, bytes: t.bytes, full }
    },
    dropped: () => {
      const rows = db.prepare("select class, count from dropped").all() as Array<{ class: ItemClass; count: number }>
      const of = (c: ItemClass) => rows.find((r) => r.class === c)?.count ?? 0
      return { log: of("log"), status: of("status") }
    },
    getMeta,
    setMeta,
    journal: {
      get: (id) => {
        const row = db.prepare("select id, before, result from journal where id = ?").get(id) as { id: string; before: string; result: string | null } | undefined
        return row && { id: row.id, before: row.before, ...(row.result === null ? {} : { result: row.result }) }
      },
      start: (id, before) => void db.prepare("insert into journal (id, before) values (?, ?) on conflict (id) do nothing").run(id, before),
      finish: (id, result) => void db.prepare("update journal set result = ? where id = ?").run(result, id),
      remove: (id) => void db.prepare("delete from journal where id = ?").run(id)
    },
    close: () => db.close()
  }
}
