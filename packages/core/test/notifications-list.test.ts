import { describe, expect, it } from "vitest"
import {
  type DirectoryUser,
  InvalidInput,
  cronProblem,
  decodeDistributionList,
  resolveRecipients
} from "../src/index.js"

const schedule = { cron: "0 8 * * MON-FRI", timezone: "Europe/Rome" }

const invalidPaths = (input: unknown): ReadonlyArray<string> => {
  try {
    decodeDistributionList(input)
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInput)
    return (error as InvalidInput).issues.map((i) => i.path)
  }
  throw new Error("expected InvalidInput")
}

describe("distribution lists", () => {
  it("apply their defaults: open alarms only, no mail when nothing is in alarm", () => {
    const list = decodeDistributionList({ name: "IT", roles: ["dealer"], schedule })
    expect(list.recipients).toEqual([])
    expect(list.functions).toEqual([])
    expect(list.filters.states).toEqual(["raised", "acknowledged"])
    expect(list.sendWhenEmpty).toBe(false)
  })

  it("keep the filters they are given", () => {
    const list = decodeDistributionList({
      name: "Amministrazione",
      functions: ["amministrazione"],
      schedule,
      filters: { severities: ["critical"], siteIds: ["site_01ABC"], alarmTypes: ["paper.end"], states: ["raised"] },
      sendWhenEmpty: true
    })
    expect(list.filters).toEqual({ severities: ["critical"], siteIds: ["site_01ABC"], alarmTypes: ["paper.end"], states: ["raised"] })
    expect(list.sendWhenEmpty).toBe(true)
  })

  it("need someone to send to", () => {
    expect(invalidPaths({ name: "Nobody", schedule })).toEqual([""])
  })

  it("refuse bad addresses, roles, time zones, severities and unknown fields, naming each", () => {
    const paths = invalidPaths({
      name: "Bad",
      recipients: [{ email: "not-an-address" }],
      roles: ["owner"],
      schedule: { cron: "0 8 * * *", timezone: "Europe/Atlantis" },
      filters: { severities: ["fatal"] },
      colour: "red"
    })
    expect(paths).toEqual(expect.arrayContaining(["recipients.0.email", "roles.0", "schedule.timezone", "filters.severities.0", "colour"]))
  })

  it("refuse a cron expression that is not 5 valid fields", () => {
    expect(invalidPaths({ name: "X", roles: ["admin"], schedule: { cron: "0 25 * * *", timezone: "UTC" } })).toEqual(["schedule.cron"])
  })
})

describe("cron expressions", () => {
  it.each(["* * * * *", "0 8 * * MON-FRI", "*/15 6-22 * * *", "0 8,13,18 1-15 jan-jun 0,7", "30 7 * * 1/2"])("accept %s", (cron) => {
    expect(cronProblem(cron)).toBeUndefined()
  })

  it.each([
    ["0 8 * *", /5 fields/],
    ["60 8 * * *", /minute: "60" is outside 0-59/],
    ["0 8 32 * *", /day-of-month/],
    ["0 8 * 13 *", /month/],
    ["0 8 * * 8", /day-of-week/],
    ["0 18-8 * * *", /backwards/],
    ["*/0 * * * *", /step/],
    ["0 8 * * MON;FRI", /day-of-week/],
    ["0 8 L * *", /day-of-month/]
  ])("refuse %s", (cron, problem) => {
    expect(cronProblem(cron)).toMatch(problem)
  })
})

describe("resolveRecipients", () => {
  const user = (email: string, role: DirectoryUser["role"], extra: Partial<DirectoryUser> = {}): DirectoryUser => ({
    email,
    name: email.split("@")[0] as string,
    role,
    ...extra
  })
  const users: ReadonlyArray<DirectoryUser> = [
    user("Anna@Shop.it", "admin"),
    user("bruno@shop.it", "accountant", { functions: ["Amministrazione"] }),
    user("carla@shop.it", "operator", { functions: ["it"] }),
    user("dario@shop.it", "dealer", { disabledAt: "2025-01-01T00:00:00Z" }),
    user("elena@shop.it", "viewer", { functions: ["amministrazione"], disabledAt: "2025-01-01T00:00:00Z" })
  ]

  it("pick users by role and by function, plus explicit addresses, lower-cased and once each", () => {
    const list = decodeDistributionList({
      name: "Mix",
      recipients: [{ email: "Capo.Negozio@Shop.it", name: "Capo negozio" }, { email: "anna@shop.it", name: "Anna R." }],
      roles: ["admin"],
      functions: ["AMMINISTRAZIONE"],
      schedule
    })
    expect(resolveRecipients(list, users)).toEqual([
      { email: "capo.negozio@shop.it", name: "Capo negozio" },
      { email: "anna@shop.it", name: "Anna R." },
      { email: "bruno@shop.it", name: "bruno" }
    ])
  })

  it("never include disabled users, even when listed by address", () => {
    const list = decodeDistributionList({
      name: "Dealers",
      recipients: [{ email: "DARIO@shop.it" }],
      roles: ["dealer"],
      functions: ["amministrazione"],
      schedule
    })
    expect(resolveRecipients(list, users).map((r) => r.email)).toEqual(["bruno@shop.it"])
  })

  it("return nobody when no user holds the roles or functions", () => {
    const list = decodeDistributionList({ name: "Empty", functions: ["magazzino"], schedule })
    expect(resolveRecipients(list, users)).toEqual([])
  })
})
