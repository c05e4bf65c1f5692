import { type CashRegisterReading, type DeviceError, type Payment, vatFromKey } from "@fisco/core"
import { Effect, Option } from "effect"
import { deviceTimestamp } from "./codec/dates.js"
import { type CounterReading, DirectIO, counterData, decodeCounters, decodeRtStatus } from "./codec/direct-io.js"
import { PAYMENT_TYPES } from "./codec/sale.js"
import { optionalRead, readDirectIO, readLastDocument, readNextZ } from "./device.js"
import type { DeviceReads } from "./session.js"

/**
 * Daily counter types of directIO 2050 (type + index): per VAT index (the department's number)
 * 40 sales, 41 refunds, 42 voids as taxable base and tax; per payment 13 cash (every cash index),
 * 17 cheques, 18 cards, 19 tickets as count and amount; 24 documents of the day; 36 refunds and
 * 37 voids as count and amount.
 */
const Counter = { sales: 40, returns: 41, voids: 42, documents: 24, refunds: 36, voidDocuments: 37 } as const
const PAYMENT_COUNTERS: ReadonlyArray<{ readonly method: Payment["method"]; readonly type: number; readonly index: number }> = [
  { method: "cash", type: 13, index: 0 },
  { method: "cheque", type: 17, index: PAYMENT_TYPES.cheque.index },
  { method: "card", type: 18, index: PAYMENT_TYPES.card.index },
  { method: "ticket", type: 19, index: PAYMENT_TYPES.ticket.index }
]

const dailyCounter = (reads: DeviceReads, type: number, index = 0): Effect.Effect<CounterReading, DeviceError> =>
  Effect.flatMap(readDirectIO(reads, DirectIO.dailyCounters, counterData(type, index)), (data) => decodeCounters(DirectIO.dailyCounters, data))

const pair = (reading: CounterReading): readonly [number, number] => [reading.values[0] ?? 0, reading.values[1] ?? 0]

/**
 * The cash register from the reads the driver already has: day state from directIO 1138, the next
 * Z by probing 9217, daily counters from 2050 and the last document from 1387. A department whose
 * VAT index the device has not programmed is left out (the device refuses its counters); the
 * other counters are required, so a device without them fails instead of answering zeros.
 */
export const readCashRegister = (reads: DeviceReads, departments: Readonly<Record<string, number>>): Effect.Effect<CashRegisterReading, DeviceError> =>
  Effect.gen(function* () {
    const rt = yield* Effect.flatMap(readDirectIO(reads, DirectIO.rtStatus, "01"), decodeRtStatus)
    const zNumber = yield* readNextZ(reads)
    const last = yield* readLastDocument(reads)
    const perVat: Array<CashRegisterReading["perVat"][number]> = []
    for (const [key, department] of Object.entries(departments)) {
      const vat = vatFromKey(key)
      if (!vat) continue
      const sales = yield* optionalRead(dailyCounter(reads, Counter.sales, department))
      if (Option.isNone(sales)) continue
      const [returns, voids] = [yield* dailyCounter(reads, Counter.returns, department), yield* dailyCounter(reads, Counter.voids, department)].map(pair)
      const [salesNet, salesTax] = pair(sales.value)
      perVat.push({ vat, sales: { net: salesNet, tax: salesTax }, returns: { net: returns![0], tax: returns![1] }, voids: { net: voids![0], tax: voids![1] } })
    }
    const payments: Array<CashRegisterReading["payments"][number]> = []
    for (const p of PAYMENT_COUNTERS) {
      const [count, amount] = pair(yield* dailyCounter(reads, p.type, p.index))
      payments.push({ method: p.method, count, amount })
    }
    const [documents] = pair(yield* dailyCounter(reads, Counter.documents))
    const [refundCount, refundAmount] = pair(yield* dailyCounter(reads, Counter.refunds))
    const [voidCount, voidAmount] = pair(yield* dailyCounter(reads, Counter.voidDocuments))
    const lastDocument = Option.map(last, (record) => ({
      number: record.number,
      issuedAt: deviceTimestamp(record.date, record.time) ?? `${record.date}T00:00:00Z`,
      total: Math.abs(record.total)
    }))
    return {
      day: { open: rt.dayOpen, pendingClosure: rt.pendingClosure },
      zNumber,
      documents,
      perVat,
      payments,
      refunds: { count: refundCount, amount: refundAmount },
      voids: { count: voidCount, amount: voidAmount },
      ...(Option.isSome(lastDocument) ? { lastDocument: lastDocument.value } : {})
    }
  })
