/** Gross amounts (VAT included, cents) booked on one department. */
export interface DepartmentTotals {
  readonly sales: number
  readonly returns: number
  readonly voids: number
}

/** A payment as the printer books it: native paymentType, its index, and the amount in cents. */
export interface PaymentEntry {
  readonly type: number
  readonly index: number
  readonly amount: number
}

/** What a day (or the periodic register) has accumulated. */
export interface Totals {
  readonly departments: ReadonlyMap<number, DepartmentTotals>
  readonly payments: ReadonlyMap<string, PaymentEntry & { readonly count: number }>
  readonly sales: { readonly count: number; readonly amount: number }
  readonly refunds: { readonly count: number; readonly amount: number }
  readonly voids: { readonly count: number; readonly amount: number }
}

export const emptyTotals = (): Totals => ({
  departments: new Map(),
  payments: new Map(),
  sales: { count: 0, amount: 0 },
  refunds: { count: 0, amount: 0 },
  voids: { count: 0, amount: 0 }
})

type Column = keyof DepartmentTotals
const counterOf = { sales: "sales", returns: "refunds", voids: "voids" } as const

/** Books one document: its per-department amounts in `column`, and its payments. */
export const book = (
  totals: Totals,
  column: Column,
  amount: number,
  departments: ReadonlyArray<{ readonly department: number; readonly amount: number }>,
  payments: ReadonlyArray<PaymentEntry>
): Totals => {
  const byDepartment = new Map(totals.departments)
  for (const d of departments) {
    const current = byDepartment.get(d.department) ?? { sales: 0, returns: 0, voids: 0 }
    byDepartment.set(d.department, { ...current, [column]: current[column] + d.amount })
  }
  const byPayment = new Map(totals.payments)
  for (const p of payments) {
    const key = `${p.type}:${p.index}`
    const current = byPayment.get(key) ?? { type: p.type, index: p.index, amount: 0, count: 0 }
    byPayment.set(key, { ...current, amount: current.amount + p.amount, count: current.count + 1 })
  }
  const counter = counterOf[column]
  return { ...totals, departments: byDepartment, payments: byPayment, [counter]: { count: totals[counter].count + 1, amount: totals[counter].amount + amount } }
}

/** Sales minus returns minus voids: what the day actually took in. */
export const takings = (totals: Totals): number => totals.sales.amount - totals.refunds.amount - totals.voids.amount
