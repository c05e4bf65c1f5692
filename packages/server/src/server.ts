import { findAdeSchemaDir } from "@fisco/ade"
import {
  type AnyDriver,
  type Clock,
  type CorrispettiviVerifier,
  type DeviceTotalsSource,
  type DriverRegistry,
  type Mailer,
  type Scheduler,
  type Store,
  type ThresholdsSource,
  createFiscoWithBackOffice,
  systemClock
} from "@fisco/core"
import { createAdeVerifier } from "./archive/ade-verifier.js"
import { Hono } from "hono"
import { bodyLimit } from "hono/body-limit"
import { createApiKeyService } from "./access/api-keys.js"
import { createAuthenticator } from "./access/authenticator.js"
import { createUserService } from "./access/users.js"
import { createServerMonitor, storedThresholds } from "./alerts/server-monitor.js"
import { createTokenIssuer } from "./auth/token.js"
import { PayloadTooLarge } from "./errors.js"
import type { AppEnv } from "./context.js"
import { type Logger, createJsonLogger } from "./logger.js"
import { authenticate } from "./middleware/authenticate.js"
import { idempotency } from "./middleware/idempotency.js"
import { onProblemError, onRouteNotFound } from "./middleware/problem-errors.js"
import { requestId } from "./middleware/request-id.js"
import { requestLog } from "./middleware/request-log.js"
import { agentRoutes } from "./routes/agent.js"
import { agentsRoutes } from "./routes/agents.js"
import { alarmRoutes } from "./routes/alarms.js"
import { apiKeyRoutes } from "./routes/api-keys.js"
import { authRoutes } from "./routes/auth.js"
import type { RouteDeps } from "./routes/deps.js"
import { cashRegisterRoutes } from "./routes/cash-register.js"
import { deviceRoutes } from "./routes/devices.js"
import { corrispettiviRoutes } from "./routes/corrispettivi.js"
import { deviceTransmissionRoutes, transmissionRoutes } from "./routes/transmissions.js"
import { distributionListRoutes } from "./routes/distribution-lists.js"
import { type ApiInfo, mountDocs } from "./routes/docs.js"
import { driverRoutes } from "./routes/drivers.js"
import { healthRoutes } from "./routes/health.js"
import { monitorSettingsRoutes } from "./routes/monitor-settings.js"
import { quadraturaRoutes } from "./routes/quadratura.js"
import { receiptRoutes } from "./routes/receipts.js"
import { siteRoutes } from "./routes/sites.js"
import { tenantRoutes } from "./routes/tenants.js"
import { userRoutes } from "./routes/users.js"

export interface ServerOptions {
  readonly store: Store
  readonly drivers: DriverRegistry | ReadonlyArray<AnyDriver>
  /** With a scheduler, `POST /v1/devices/{id}/polls` queues a `device.poll` job (see `registerJobs`). */
  readonly scheduler?: Scheduler
  /** Mails the digests of distribution lists sent from the API (`…/test`); scheduled digests use `registerAlertJobs`'s. */
  readonly mailer?: Mailer
  readonly clock?: Clock
  /** Defaults to JSON lines on stdout. */
  readonly logger?: Logger
  /** HS256 key for the tokens of `POST /v1/auth/token`; at least 32 bytes. */
  readonly tokenSecret: string | Uint8Array
  /** Take the client address from `X-Forwarded-For` (set by one trusted reverse proxy) for API key IP allowlists. */
  readonly trustProxy?: boolean
  /**
   * Checks the AdE files of the corrispettivi archive; defaults to `@fisco/ade` with the official
   * XSDs found by `findAdeSchemaDir()` (`FISCO_ADE_SCHEMAS`, or `shared/spec/ade` above the working directory).
   */
  readonly corrispettiviVerifier?: CorrispettiviVerifier
  /** Each tenant's monitor thresholds for quadratura (`quadraturaTolerance`); defaults to the stored ones (`PUT /v1/monitor/thresholds`). */
  readonly thresholds?: ThresholdsSource
  /** The devices' corrispettivi totals for quadratura; defaults to the corrispettivi archive (`store.corrispettivi.dailyTotals`). */
  readonly deviceTotals?: DeviceTotalsSource
  /** Title, version and description of the OpenAPI document. */
  readonly info?: Partial<ApiInfo>
}

/** Largest request body accepted: far above any legitimate request, low enough to refuse a flood early. */
const MAX_BODY_BYTES = 1024 * 1024

const DEFAULT_INFO: ApiInfo = {
  title: "Fisco API",
  version: "1.0.0",
  description: "Fiscal and payment devices, and the public systems behind them, behind one REST API."
}

/**
 * The Fisco HTTP API as a Hono app. Serve it alone or mount it in a host app
 * (`host.route("/fisco", createServer(options))`); `/docs` and `/openapi.json` follow the mount point.
 */
export const createServer = (options: ServerOptions): Hono<AppEnv> => {
  const { store } = options
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? createJsonLogger()
  const schemaDir = options.corrispettiviVerifier ? undefined : findAdeSchemaDir()
  // Without the official XSDs every archived file would fail its schema check: say so once, loudly.
  if (!options.corrispettiviVerifier && schemaDir === undefined) {
    logger.warn("AdE XSDs not found: archived corrispettivi files will fail verification; set FISCO_ADE_SCHEMAS to the directory of the official XSDs")
  }
  const corrispettiviVerifier = options.corrispettiviVerifier ?? createAdeVerifier(schemaDir === undefined ? {} : { schemaDir })
  // One Fisco (with its back office) per store: the server's, and one per agent delivery bound to its
  // transaction. The stored thresholds are read through that same store: on SQLite, reading them
  // through the outer store from inside the transaction would wait for its own connection forever.
  // The back office's quadratura runs as each day's verified corrispettivi reach the archive; by
  // default it reads the archive's verified files.
  const fiscoOn = (on: Store) =>
    createFiscoWithBackOffice({
      store: on,
      drivers: options.drivers,
      clock,
      corrispettiviVerifier,
      thresholds: options.thresholds ?? storedThresholds(on),
      ...(options.deviceTotals ? { deviceTotals: options.deviceTotals } : {}),
      onQuadraturaError: (error) => logger.warn(`quadratura after archiving failed: ${error instanceof Error ? error.message : String(error)}`)
    })
  const { fisco, backOffice } = fiscoOn(store)
  // Agent deliveries apply the same monitor as server polls, bound to the delivery's transaction.
  const monitorFor = (f: typeof fisco) => createServerMonitor(f, clock)
  const apiKeys = createApiKeyService(store, clock)
  const tokens = createTokenIssuer(options.tokenSecret)
  const deps: RouteDeps = {
    fisco,
    monitor: createServerMonitor(fisco, clock),
    agentDeliveries: { fisco, fiscoOn: (on) => fiscoOn(on).fisco, clock, monitorFor },
    apiKeys,
    users: createUserService(store, clock),
    tokens,
    clock,
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    ...(options.mailer ? { mailer: options.mailer } : {}),
    backOffice
  }

  const app = new Hono<AppEnv>()
  app.onError(onProblemError)
  app.notFound(onRouteNotFound)
  app.use("*", requestId(), requestLog(logger))
  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new PayloadTooLarge({ maxBytes: MAX_BODY_BYTES })
      }
    })
  )
  app.route("/", healthRoutes(store))
  // Public, so registered before the authentication middleware (Hono runs handlers in registration order).
  app.route("/v1/auth", authRoutes(deps))
  app.use("/v1/*", authenticate(createAuthenticator({ store, apiKeys, tokens }), { trustProxy: options.trustProxy ?? false }))
  app.on("POST", "/v1/*", idempotency(store, clock))
  app.route("/v1/tenants", tenantRoutes(deps))
  app.route("/v1/sites", siteRoutes(deps))
  app.route("/v1/devices", deviceRoutes(deps))
  app.route("/v1/devices", deviceTransmissionRoutes(deps))
  app.route("/v1/corrispettivi", corrispettiviRoutes(deps))
  app.route("/v1/transmissions", transmissionRoutes(deps))
  app.route("/v1/devices", cashRegisterRoutes(deps))
  app.route("/v1/receipts", receiptRoutes(deps))
  app.route("/v1/quadratura", quadraturaRoutes(deps))
  app.route("/v1/drivers", driverRoutes(deps))
  app.route("/v1/alarms", alarmRoutes(deps))
  app.route("/v1/api-keys", apiKeyRoutes(deps))
  app.route("/v1/users", userRoutes(deps))
  app.route("/v1/distribution-lists", distributionListRoutes(deps))
  app.route("/v1/monitor", monitorSettingsRoutes(deps)),
  app.route("/v1/agent", agentRoutes(deps))
  app.route("/v1/agents", agentsRoutes(deps))
  // Unknown /v1 routes get a problem even when a host app (with its own notFound) mounts this one.
  app.all("/v1/*", onRouteNotFound)
  mountDocs(app, { ...DEFAULT_INFO, ...options.info })
  return app
}
