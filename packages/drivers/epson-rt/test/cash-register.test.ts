import { CashRegisterReading, type DocumentReference, type PrintedDocument } from "@fisco/core"
import { Effect, Either, Schema } from "effect"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { type EpsonSimulator, startEpsonSimulator } from "../src/simulator/index.js"
import { sale, usePrinter } from "./harness.js"

const value = <A>(result: Either.Either<A, unknown>): A => {
  if (Either.isLeft(result)) throw result.left
  return result.right
}

describe("Epson RT cash register (directIO 1138, 9217, 2050, 1387)", () => {
  let sim: EpsonSimulator
  beforeAll(async () => {
    sim = await startEpsonSimulator()
  })
  afterAll(() => sim?.close())
  beforeEach(() => sim.control.reset())

  const cashRegister = async () => value(await usePrinter(sim.url, (p) => p.cashRegister))

  it("reads the day state, Z number, per-VAT and payment counters and the last document of the day", async () => {
    const first: PrintedDocument = value(await usePrinter(sim.url, (p) => p.printSale(sale([1220, 2200], [1100, 1000]))))
    const card = sale([2440, 2200])
    value(await usePrinter(sim.url, (p) => p.printSale({ ...card, payments: [{ method: "card", amount: 2440 }] })))
    const reference: DocumentReference = { number: first.number, date: first.issuedAt.slice(0, 10), deviceSerial: sim.matricola }
    const refund = value(await usePrinter(sim.url, (p) => p.printRefund(reference, sale([1220, 2200]))))

    const register = await cashRegister()
    expect(Schema.is(CashRegisterReading)(register)).toBe(true)
    expect(register.day).toEqual({ open: true, pendingClosure: false })
    expect(register.zNumber).toBe(first.number.z)
    expect(register.documents).toBe(3)
    const at22 = register.perVat.find((v) => v.vat._tag === "rate" && v.vat.basisPoints === 2200)!
    // 12.20 + 24.40 gross at 22% → 30.00 base + 6.60 tax; the 12.20 refund → 10.00 + 2.20.
    expect(at22).toEqual({ vat: { _tag: "rate", basisPoints: 2200 }, sales: { net: 3000, tax: 660 }, returns: { net: 1000, tax: 220 }, voids: { net: 0, tax: 0 } })
    const at10 = register.perVat.find((v) => v.vat._tag === "rate" && v.vat.basisPoints === 1000)!
    expect(at10.sales).toEqual({ net: 1000, tax: 100 })
    expect(register.payments.find((p) => p.method === "card")).toEqual({ method: "card", count: 1, amount: 2440 })
    // Cash counts what sales took in (12.20 + 11.00); the refund is not a payment.
    expect(register.payments.find((p) => p.method === "cash")).toEqual({ method: "cash", count: 1, amount: 2320 })
    expect(register.refunds).toEqual({ count: 1, amount: 1220 })
    expect(register.voids).toEqual({ count: 0, amount: 0 })
    expect(register.lastDocument).toEqual({ number: refund.number, issuedAt: refund.issuedAt, total: 1220 })
  })

  it("after the Z the day is closed, the counters are back to zero and the Z number moves on", async () => {
    const printed = value(await usePrinter(sim.url, (p) => p.printSale(sale([500, 2200]))))
    const closure = value(await usePrinter(sim.url, (p) => p.dailyClosure))
    const register = await cashRegister()
    expect(register.day.open).toBe(false)
    expect(register.zNumber).toBe(closure.zNumber + 1)
    expect(register.documents).toBe(0)
    expect(register.perVat.every((v) => v.sales.net === 0 && v.sales.tax === 0)).toBe(true)
    expect(register.lastDocument?.number).toEqual(printed.number)
  })

  it("fails, never answers empty, when the device cannot be read", async () => {
    await sim.control.inject("down")
    const result = await usePrinter(sim.url, (p) => p.cashRegister)
    expect(Either.isLeft(result) && result.left._tag).toBe("DeviceUnreachable")
  })
})
