import type { Repositories, Store } from "@fisco/core"

/**
 * The store as seen from inside one of its transactions: every repository is the transaction's, and
 * a nested `transaction` runs inline. Lets the domain services (recording a status, the monitor's
 * alarms) run in the same transaction as the dedupe of the agent item that caused them.
 */
export const withinTransaction = (store: Store, tx: Repositories): Store => ({
  ...tx,
  dialect: store.dialect,
  transaction: (fn) => fn(tx),
  migrate: () => store.migrate(),
  ping: () => store.ping(),
  close: async () => {}
})
