import { describe, expect, it } from "vitest"
import {
  type CorrispettiviFileId,
  DEFAULT_MONITOR_THRESHOLDS,
  type DeviceId,
  type TenantId,
  type Transmission,
  type TransmissionId,
  applyEvidence,
  dayIn,
  dayOf,
  evaluateArchive,
  factsOfFileName,
  sha256Hex
} from "../src/index.js"

const key = { id: "ztx_1" as TransmissionId, tenantId: "ten_1" as TenantId, livemode: false, deviceId: "dev_1" as DeviceId, zNumber: 12 }
const AT = "2026-03-02T10:00:00.000Z"
const LATER = "2026-03-03T10:00:00.000Z"
const file = (n: number) => `cor_${n}` as CorrispettiviFileId
const rejection = { operationId: "1845900012", outcome: "rejected" as const, errors: [{ code: "00200", description: 'Dispositivo non "ATTIVATO"' }] }
const acceptance = { operationId: "1845900099", outcome: "accepted" as const, errors: [] }

describe("file names of the RT archive", () => {
  it("reads matricola, day and Z from Epson names, and nothing from other names", () => {
    expect(factsOfFileName("99MEY054321-20260302T101500-0012-CORRISP.xml")).toEqual({ matricola: "99MEY054321", day: "2026-03-02", zNumber: 12 })
    expect(factsOfFileName("99MEY054321-20260302T101500-0012-ESITO-1845900012.xml")).toEqual({ matricola: "99MEY054321", day: "2026-03-02", zNumber: 12 })
    expect(factsOfFileName("corrispettivi-marzo.xml")).toEqual({})
    expect(factsOfFileName(undefined)).toEqual({})
  })

  it("hashes like sha256sum", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  })
})

describe("transmission evidence", () => {
  const queued = applyEvidence(undefined, key, { kind: "corrispettivi", fileId: file(1), day: "2026-03-02" }, AT)!

  it("a corrispettivi file opens a queued record for its Z", () => {
    expect(queued).toEqual({ ...key, state: "queued", errors: [], corrispettiviFileId: file(1), day: "2026-03-02", createdAt: AT, updatedAt: AT })
  })

  it("9217 moves queued to sent with AdE's id; an unknown Z or a repeated answer changes nothing", () => {
    const sent = applyEvidence(queued, key, { kind: "z-transmission", status: { state: "sent", transmissionId: "1845900012" } }, LATER)
    expect(sent).toMatchObject({ state: "sent", transmissionId: "1845900012", sentAt: LATER, updatedAt: LATER, createdAt: AT })
    expect(applyEvidence(sent, key, { kind: "z-transmission", status: { state: "sent", transmissionId: "1845900012" } }, LATER)).toBeUndefined()
    expect(applyEvidence(queued, key, { kind: "z-transmission", status: { state: "unknown-z" } }, LATER)).toBeUndefined()
    expect(applyEvidence(queued, key, { kind: "z-transmission", status: { state: "queued" } }, LATER)).toBeUndefined()
  })

  it("an ESITO decides: rejected carries AdE's first code and description; a later acceptance wins, an older rejection never undoes it", () => {
    const rejected = applyEvidence(queued, key, { kind: "esito", fileId: file(2), esito: rejection }, LATER)!
    expect(rejected).toMatchObject({ state: "rejected", adeCode: "00200", adeDescription: 'Dispositivo non "ATTIVATO"', errors: rejection.errors, transmissionId: "1845900012", esitoFileId: file(2) })
    const accepted = applyEvidence(rejected, key, { kind: "esito", fileId: file(3), esito: acceptance }, LATER)!
    expect(accepted).toMatchObject({ state: "accepted", errors: [], transmissionId: "1845900099", esitoFileId: file(3) })
    expect(accepted.adeCode).toBeUndefined()
    expect(applyEvidence(accepted, key, { kind: "esito", fileId: file(2), esito: rejection }, LATER)).toBeUndefined()
    // After AdE's verdict, the device's own counters say nothing new.
    expect(applyEvidence(accepted, key, { kind: "nothing-pending" }, LATER)).toBeUndefined()
  })

  it("the file counters move a queued Z to sent, and never invent a record", () => {
    expect(applyEvidence(queued, key, { kind: "nothing-pending" }, LATER)).toMatchObject({ state: "sent", sentAt: LATER })
    expect(applyEvidence(undefined, key, { kind: "nothing-pending" }, LATER)).toBeUndefined()
  })
})

describe("the fiscal day", () => {
  it("is the shop's date in its zone, not the UTC date", () => {
    // 23:30 UTC on 31 March is already 1 April in Rome (summer time, UTC+2); 22:30 UTC in winter is 23:30 in Rome.
    expect(dayIn(new Date("2026-03-31T23:30:00Z"), "Europe/Rome")).toBe("2026-04-01")
    expect(dayOf(new Date("2026-03-31T23:30:00Z"))).toBe("2026-03-31")
    expect(dayIn(new Date("2026-01-15T22:30:00Z"), "Europe/Rome")).toBe("2026-01-15")
    expect(dayIn(new Date("2026-01-15T23:30:00Z"), "Europe/Rome")).toBe("2026-01-16")
    expect(dayIn(new Date("2026-01-15T02:00:00Z"), "America/Sao_Paulo")).toBe("2026-01-14")
  })
})

describe("archive time rules", () => {
  const t = (zNumber: number, day: string, state: Transmission["state"] = "queued"): Transmission => ({ ...key, zNumber, day, state, errors: [], createdAt: AT, updatedAt: AT })
  const firing = (verdicts: ReturnType<typeof evaluateArchive>) => verdicts.filter((v) => v.firing).map((v) => v.rule)

  it("say nothing about no Z for a device that never closed a day", () => {
    expect(evaluateArchive({ today: "2026-03-20", inactive: false, untransmitted: [] }, DEFAULT_MONITOR_THRESHOLDS).map((v) => v.rule)).not.toContain("z.missing")
  })

  it("fire at their thresholds: no Z after 3 days, no transmission after 2, deadline warning from day 9, critical after day 12", () => {
    const facts = (today: string) => ({ today, lastZDay: "2026-03-02", inactive: false, untransmitted: [t(12, "2026-03-02")] })
    expect(firing(evaluateArchive(facts("2026-03-04"), DEFAULT_MONITOR_THRESHOLDS))).toEqual([])
    expect(firing(evaluateArchive(facts("2026-03-05"), DEFAULT_MONITOR_THRESHOLDS))).toEqual(["transmission.missing"])
    expect(firing(evaluateArchive(facts("2026-03-06"), DEFAULT_MONITOR_THRESHOLDS))).toEqual(["z.missing", "transmission.missing"])
    expect(firing(evaluateArchive(facts("2026-03-11"), DEFAULT_MONITOR_THRESHOLDS))).toEqual(["z.missing", "transmission.missing", "transmission.deadline-near"])
    expect(firing(evaluateArchive(facts("2026-03-14"), DEFAULT_MONITOR_THRESHOLDS))).toEqual(["z.missing", "transmission.missing", "transmission.deadline-near"])
    expect(firing(evaluateArchive(facts("2026-03-15"), DEFAULT_MONITOR_THRESHOLDS))).toEqual(["z.missing", "transmission.missing", "transmission.deadline-passed"])
  })

  it("count a rejected Z against the deadline but not as waiting on the device; a declared inactivity silences no-Z", () => {
    const rejected = { today: "2026-03-15", lastZDay: "2026-03-02", inactive: true, untransmitted: [t(12, "2026-03-02", "rejected")] }
    expect(firing(evaluateArchive(rejected, DEFAULT_MONITOR_THRESHOLDS))).toEqual(["transmission.deadline-passed"])
  })

  it("take a tenant's thresholds", () => {
    const facts = { today: "2026-03-04", lastZDay: "2026-03-02", inactive: false, untransmitted: [] }
    expect(firing(evaluateArchive(facts, { ...DEFAULT_MONITOR_THRESHOLDS, noZDays: 1 }))).toEqual(["z.missing"])
  })
})
