import type { TenantScope } from "@fisco/core"
import type { ExpressionBuilder, Kysely } from "kysely"
import type { Database, ScopedTable } from "./database.js"
import type { StoreDialect } from "./store-dialect.js"

/** What every repository is built from: the database handle (or the open transaction) and the dialect. */
export interface StoreContext {
  readonly db: Kysely<Database>
  readonly dialect: StoreDialect
}

/** The `tenant_id = … and livemode = …` filter that every scoped query carries. */
export const inScope =
  ({ dialect }: StoreContext, scope: TenantScope) =>
  (eb: ExpressionBuilder<Database, ScopedTable>) =>
    eb.and([eb("tenant_id", "=", scope.tenantId), eb("livemode", "=", dialect.bool(scope.livemode))])
