import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"
import { runCli } from "./cli-support/run-cli.js"

/** The real signed device files and AdE replies, read in place from ../shared beside the repo. */
const ADE = fileURLToPath(new URL("../../../../shared/spec/ade/", import.meta.url))
const samples = readdirSync(join(ADE, "samples")).filter((f) => f.endsWith(".xml"))
const dir = mkdtempSync(join(tmpdir(), "fisco-rt-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const verify = (file: string) => runCli(["rt", "verify", file, "--schemas", ADE])

describe("fisco rt verify", () => {
  it.each(samples)("%s is accepted or rejected as its name says", async (name) => {
    const result = await verify(join(ADE, "samples", name))
    const report = JSON.parse(result.stdout)
    if (name.startsWith("invalid_")) {
      expect(result.code).toBe(1)
      expect(report.ok).toBe(false)
      expect(report.schema.valid).toBe(false)
    } else {
      expect(result.code).toBe(0)
      expect(report).toMatchObject({ ok: true, schema: { valid: true }, signature: { valid: true } })
      expect(report.matricola).toBe(report.signature.certificate.subjectCn)
      if (report.kind === "evento") expect(report.evento.detailCode).toBe("00600")
      else expect(report.corrispettivi.perVat.length).toBeGreaterThan(0)
    }
  })

  it("rejects a valid XML file that is not an AdE corrispettivi document", async () => {
    const file = join(dir, "other.xml")
    writeFileSync(file, '<?xml version="1.0"?><Fattura xmlns="urn:example"><Numero>1</Numero></Fattura>')
    const result = await verify(file)
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).ok).toBe(false)
  })

  it("fails on the signature when one amount digit changes", async () => {
    const original = readFileSync(join(ADE, "samples", "rt_lug_2020.xml"), "utf8")
    const tampered = original.replace(/<Ammontare>(\d)/, (_, d: string) => `<Ammontare>${(Number(d) + 1) % 10}`)
    expect(tampered).not.toBe(original)
    const file = join(dir, "tampered.xml")
    writeFileSync(file, tampered)
    const result = await verify(file)
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, schema: { valid: true }, signature: { valid: false } })
    expect(result.stderr).toMatch(/signature/i)
  })

  it("checks the expected matricola", async () => {
    const result = await runCli(["rt", "verify", join(ADE, "samples", "rt_lug_2020.xml"), "--schemas", ADE, "--matricola", "99XXX000000"])
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).matricolaMatches).toBe(false)
  })

  it("accepts AdE replies, including rejections, as authentic outcomes", async () => {
    const result = await verify(join(ADE, "responses", "Corrispettivi_00200.xml"))
    const report = JSON.parse(result.stdout)
    expect(report.kind).toBe("esito")
    expect(report.esito).toBeDefined()
  })

  it("exits non-zero with a message for a missing file or a non-XML file", async () => {
    const missing = await verify(join(dir, "nope.xml"))
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain("cannot read")
    const junk = join(dir, "junk.xml")
    writeFileSync(junk, "not xml at all")
    const result = await verify(junk)
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).ok).toBe(false)
  })
})
