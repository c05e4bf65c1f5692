import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import path from "node:path"
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { findAdeSchemaDir, type SchemaReport, validateAgainstXsd } from "../src/index.js"
import { response, sample, schemaDir } from "./fixtures.js"

const report = async (xml: string, kind: Parameters<typeof validateAgainstXsd>[1]): Promise<SchemaReport> => {
  const result = await validateAgainstXsd(xml, kind, { schemaDir })
  if (Either.isLeft(result)) throw new Error(result.left.message)
  return result.right
}

describe("validateAgainstXsd (official AdE XSDs read from shared/spec/ade)", () => {
  it("accepts the valid device samples", async () => {
    for (const name of ["c1.xml", "rt_lug_2020.xml", "RT_192.168.1.166_07_04_2017__10_16_26_3.xml"]) {
      expect(await report(sample(name), "corrispettivi"), name).toMatchObject({ valid: true, strictlyValid: true, errors: [], schema: "CorrispettiviTypes_v1.0.xsd" })
    }
    expect(await report(sample("evento_600.xml"), "evento")).toMatchObject({ valid: true, schema: "CorrispettiviMessaggiTypes_v1.0.xsd" })
  })

  it("rejects the invalid sample (no signature) and names the missing element", async () => {
    const r = await report(sample("invalid_RT_192.168.1.166_07_04_2017__10_16_45_4.xml"), "corrispettivi")
    expect(r.valid).toBe(false)
    expect(r.errors[0]?.message).toContain("Missing child element(s)")
    expect(r.errors[0]?.message).toContain("Signature")
  })

  it("rejects a COR10 amount with three decimals, which the law forbids", async () => {
    const r = await report(sample("c1.xml").replace("<Ammontare>36.18</Ammontare>", "<Ammontare>36.180</Ammontare>"), "corrispettivi")
    expect(r.valid).toBe(false)
    expect(r.errors.some((e) => e.message.includes("Ammontare"))).toBe(true)
  })

  it("rejects a document of another kind", async () => {
    const r = await report(sample("evento_600.xml"), "corrispettivi")
    expect(r.valid).toBe(false)
    expect(r.errors[0]?.message).toContain("No matching global declaration")
  })

  it("tolerates AdE's known reply deviations only, and says which", async () => {
    const ok = await report(response("response_ok.xml"), "esito")
    expect(ok).toMatchObject({ valid: true, strictlyValid: false, errors: [] })
    expect(ok.tolerated[0]?.message).toContain("'versione' is required but missing")
    const ac = await report(response("Lotteria_AC.xml"), "esito-lotteria")
    expect(ac).toMatchObject({ valid: true, strictlyValid: false })
    expect(ac.tolerated).toHaveLength(2)
    expect(await report(response("Lotteria_Error.SE.00307.xml"), "esito-lotteria")).toMatchObject({ valid: true, strictlyValid: false })
    expect(await report(response("Lotteria_Error.SC.00300.xml"), "esito-lotteria")).toMatchObject({ valid: true, strictlyValid: true, tolerated: [] })
    const broken = await report(response("response_ok.xml").replace(/<IdOperazione>.*<\/IdOperazione>/, ""), "esito")
    expect(broken.valid).toBe(false)
  })

  it("does not tolerate a missing @versione on a device file", async () => {
    const r = await report(sample("evento_600.xml").replace(' versione="1.0"', ""), "evento")
    expect(r.valid).toBe(false)
  })

  it("reports malformed XML as invalid", async () => {
    expect((await report("<a>", "corrispettivi")).valid).toBe(false)
  })

  it("fails with SchemaUnavailable when the directory has no XSDs", async () => {
    const result = await validateAgainstXsd(sample("c1.xml"), "corrispettivi", { schemaDir: tmpdir() })
    expect(Either.isLeft(result) && result.left).toMatchObject({ _tag: "SchemaUnavailable", code: "ade_schema_unavailable" })
  })
})

describe("findAdeSchemaDir", () => {
  it("prefers FISCO_ADE_SCHEMAS", () => {
    expect(findAdeSchemaDir({ env: { FISCO_ADE_SCHEMAS: "/opt/ade" }, cwd: "/" })).toBe("/opt/ade")
  })

  it("finds shared/spec/ade beside the repository by walking up from the working directory", () => {
    expect(findAdeSchemaDir({ env: {}, cwd: path.join(schemaDir, "..", "..", "..", "main", "packages", "adapters") })).toBe(schemaDir)
    expect(findAdeSchemaDir({ env: {}, cwd: process.cwd() })).toBe(schemaDir)
  })

  it("returns undefined when there is none", () => {
    const root = mkdtempSync(path.join(tmpdir(), "fisco-ade-"))
    mkdirSync(path.join(root, "shared", "spec", "ade"), { recursive: true })
    expect(findAdeSchemaDir({ env: {}, cwd: root })).toBeUndefined()
    writeFileSync(path.join(root, "shared", "spec", "ade", "CorrispettiviTypes_v1.0.xsd"), "<x/>")
    expect(findAdeSchemaDir({ env: {}, cwd: path.join(root, "shared") })).toBe(path.join(root, "shared", "spec", "ade"))
  })
})
