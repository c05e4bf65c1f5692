import type { BackOffice, Clock, Fisco, Mailer, Monitor, Scheduler } from "@fisco/core"
import type { ApiKeyService } from "../access/api-keys.js"
import type { UserService } from "../access/users.js"
import type { DeliveryDeps } from "../agent/deliveries.js"
import type { TokenIssuer } from "../auth/token.js"

/** What the route groups are built from; created once per server. */
export interface RouteDeps {
  readonly fisco: Fisco
  readonly apiKeys: ApiKeyService
  readonly users: UserService
  readonly tokens: TokenIssuer
  readonly scheduler?: Scheduler
  /** Applies the health rules to every status read through the API. */
  readonly monitor: Monitor
  /** Sends the digests of `POST /v1/distribution-lists/{id}/test`; absent when no SMTP server is configured. */
  readonly mailer?: Mailer
  readonly clock: Clock
  /** Frontier receipts and printing, cash register, quadratura. */
  readonly backOffice: BackOffice
  /** What agent deliveries are applied with (see `acceptDelivery`). */
  readonly agentDeliveries: DeliveryDeps
}
