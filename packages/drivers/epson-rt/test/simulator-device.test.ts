import { connect } from "node:net"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { SimulatorControl } from "@fisco/testkit"
import { type EpsonSimulator, epsonSimulatorControl, startEpsonSimulator } from "../src/simulator/index.js"
import { directIo, fpmate, manualClock, queryStatus, saleXml, zReport } from "./simulator-client.js"

const sale = saleXml([{ unitPrice: "1,00", department: 1 }], [[0, "1,00"]])

/** Reads a whole HTTP response off a raw socket, as a client must for the printer's archive. */
const rawGet = (url: string, path: string) =>
  new Promise<string>((resolve, reject) => {
    const { hostname, port } = new URL(url)
    const socket = connect(Number(port), hostname, () => socket.write(`GET ${path} HTTP/1.1\r\nHost: printer\r\n\r\n`))
    const chunks: Array<Buffer> = []
    socket.on("data", (c: Buffer) => chunks.push(c))
    socket.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    socket.on("error", reject)
  })

describe("the Epson RT simulator's device conditions, archive and faults", () => {
  let sim: EpsonSimulator
  beforeEach(async () => {
    sim = await startEpsonSimulator({ clock: manualClock("2024-05-02T10:00:00Z").clock, state: { periodicVerification: "2025-06-30", certificateExpiry: "2026-03-31", caCertificateExpiry: "2030-12-31" } })
  })
  afterEach(() => sim.close())
  const send = (root: string) => fpmate(sim.url, root)
  const basic = async () => (await send(queryStatus(0))).info
  const rt = async () => (await send(queryStatus(1))).info
  const rt1138 = async () => (await send(directIo("1138", "01"))).info.responseData!

  it("encodes every condition in queryPrinterStatus and 1138 as the printer does", async () => {
    expect(await basic()).toMatchObject({ cpuRel: "07.00", mfRel: "04.3", mfStatus: "0", fpStatus: "00110" })
    expect(await rt()).toMatchObject({ rtType: "I", rtMainStatus: "02", rtDailyOpen: "0", rtExpiryCD: "20260331", rtExpiryCA: "20301231", rtTrainingMode: "0" })
    expect((await rt1138()).slice(21, 33)).toBe("310326311230")
    expect((await send(directIo("4228", "01"))).info.responseData).toBe("300625")

    await sim.control.setConditions({ paper: "near-end", dgfe: "near-full", fiscalMemory: "near-full" })
    expect(await basic()).toMatchObject({ fpStatus: "21110", mfStatus: "1" })
    await sim.control.setConditions({ paper: "end", dgfe: "full", fiscalMemory: "full", mode: "set" })
    expect(await basic()).toMatchObject({ fpStatus: "35113", mfStatus: "2" })
    await sim.control.setConditions({ paper: "ok", coverOpen: true, dgfe: "ok", mode: "x" })
    expect((await basic()).fpStatus).toBe("30111")

    await sim.control.setConditions({ filesToSend: 3, oldFilesToSend: 2, filesRejected: 1, trainingMode: true, caseOpen: true, periodicVerification: null })
    expect(await rt()).toMatchObject({ rtFileToSend: "3", rtOldFileToSend: "2", rtFileRejected: "1", rtTrainingMode: "1" })
    const data = await rt1138()
    expect({ toSend: data.slice(9, 13), old: data.slice(13, 17), rejected: data.slice(17, 21), training: data[38], outOfService: data[44], length: data.length }).toEqual({
      toSend: "0003",
      old: "0002",
      rejected: "0001",
      training: "1",
      outOfService: "1",
      length: 47
    })
    expect((await send(directIo("4228", "01"))).info.responseData).toBe("000000")
  })

  it("refuses fiscal documents in conditions where the printer cannot issue them", async () => {
    const refusedWith = async (conditions: Parameters<typeof sim.control.setConditions>[0]) => {
      await sim.control.reset()
      await sim.control.setConditions(conditions)
      const reply = await send(sale)
      return [reply.code, reply.status]
    }
    expect(await refusedWith({ paper: "end" })).toEqual(["EPTR_REC_EMPTY", "3"])
    expect(await refusedWith({ coverOpen: true })).toEqual(["EPTR_REC_EMPTY", "3"])
    expect(await refusedWith({ mode: "set" })).toEqual(["PRINTER ERROR", "17"])
    expect(await refusedWith({ caseOpen: true })).toEqual(["PRINTER ERROR", "18"])
    expect(await refusedWith({ dgfe: "full" })).toEqual(["PRINTER ERROR", "18"])
    expect(await refusedWith({ fiscalMemory: "full" })).toEqual(["PRINTER ERROR", "18"])
    expect(await sim.control.documents()).toHaveLength(0)
    await sim.control.setConditions({ fiscalMemory: "ok", paper: "near-end" })
    expect(await send(sale)).toMatchObject({ success: true, info: { printerStatus: "20110" } })
  })

  it("lists and serves the archive, and can send the printer's malformed Transfer-Encoding", async () => {
    await send(sale)
    await send(zReport)
    const root = await (await fetch(`${sim.url}/www/dati-rt/`)).text()
    expect(root).toContain(`<a href="20240502/">`)
    const folder = await (await fetch(`${sim.url}/www/dati-rt/20240502/`)).text()
    const names = [...folder.matchAll(/href="([^"/]+)"/g)].map((m) => m[1])
    expect(names).toHaveLength(3)
    const zreport = await fetch(`${sim.url}/www/dati-rt/20240502/${names[2]}`)
    expect(zreport.headers.get("content-type")).toBe("text/plain")
    expect(await zreport.text()).toContain("TOTALE GIORNO VENDITE")
    expect((await fetch(`${sim.url}/www/dati-rt/20240503/`)).status).toBe(404)

    await sim.control.setConditions({ archiveMalformedHeaders: true })
    // A strict client (undici, h11) cannot read it: the body is not chunked.
    await expect(fetch(`${sim.url}/www/dati-rt/20240502/`).then((r) => r.text())).rejects.toThrow()
    const raw = await rawGet(sim.url, `/www/dati-rt/20240502/${names[0]}`)
    const [head, body] = raw.split("\r\n\r\n") as [string, string]
    expect(head.split("\r\n").filter((h) => h === "Transfer-Encoding: chunked")).toHaveLength(2)
    expect(body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><p:DatiCorrispettivi /)
  })

  it("hangs on a timeout fault and prints nothing", async () => {
    await sim.control.inject("timeout")
    await expect(fpmate(sim.url, sale, AbortSignal.timeout(300))).rejects.toThrow()
    expect(await sim.control.documents()).toHaveLength(0)
    await sim.control.reset()
    expect(await send(sale)).toMatchObject({ success: true })
  })

  it("registers the document and drops the reply after commit, once", async () => {
    await sim.control.inject("drop-reply-after-commit")
    await expect(send(queryStatus(0))).resolves.toMatchObject({ success: true })
    await expect(send(sale)).rejects.toThrow()
    const documents = await sim.control.documents()
    expect(documents.map((d) => [d.kind, d.number])).toEqual([["sale", { z: 1, document: 1 }]])
    expect((await send(directIo("1387", "01"))).info.responseData!.slice(32, 40)).toBe("00010001")
    expect((await send(sale)).info.fiscalReceiptNumber).toBe("2")
  })

  it("answers busy without executing, and drops connections while down", async () => {
    await sim.control.inject("busy")
    expect(await send(sale)).toMatchObject({ success: false, code: "LAN_ERROR" })
    await sim.control.clearFaults()
    await sim.control.inject("unreachable")
    await expect(send(queryStatus(0))).rejects.toThrow()
    expect(await sim.control.documents()).toHaveLength(0)
    expect((await sim.control.state()).faults).toEqual(["down"])
  })

  it("is a testkit SimulatorControl for driverConformance", async () => {
    const control: SimulatorControl = epsonSimulatorControl(sim)
    await send(sale)
    expect(await control.documents()).toMatchObject([{ kind: "sale", number: { z: 1, document: 1 }, total: 100 }])
    await control.inject("busy")
    await control.reset()
    expect(await control.documents()).toEqual([])
    expect(await send(sale)).toMatchObject({ success: true, info: { fiscalReceiptNumber: "1" } })
  })
})
