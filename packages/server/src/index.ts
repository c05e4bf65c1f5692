/**
 * @module @fisco/server
 * Fisco's HTTP API (Hono): `createServer` builds the app a host serves or mounts; the rest is what
 * the `fisco` CLI and hosts need to run it (job handlers, credentials, logging).
 */
export { type ServerOptions, createServer } from "./server.js"
export type { AppEnv } from "./context.js"
export { DEVICE_POLL_JOB, DevicePollPayload, enqueueDevicePoll, registerJobs, scheduleDevicePolls, unscheduleDevicePolls } from "./jobs.js"
export {
  type AlertJobDeps,
  CENSUS_SWEEP_CRON,
  CENSUS_SWEEP_JOB,
  DIGEST_SEND_JOB,
  DigestSendPayload,
  registerAlertJobs,
  scheduleDigest,
  syncDigestSchedules,
  unscheduleDigest
} from "./alerts/digest-jobs.js"
export { createServerMonitor, storedThresholds } from "./alerts/server-monitor.js"
export { createAdeVerifier } from "./archive/ade-verifier.js"
export { archiveFile } from "./archive/ingest.js"
export { ARCHIVE_SYNC_DAYS, type ArchiveSyncReport, syncDeviceArchive } from "./archive/sync.js"
export { type GeneratedApiKey, generateApiKey, hashApiKey } from "./auth/api-key-secret.js"
export { hashPassword, verifyPassword, PASSWORD_MIN_LENGTH } from "./auth/password.js"
export { TOKEN_TTL_SECONDS, type TokenClaims, type TokenIssuer, createTokenIssuer } from "./auth/token.js"
export type { Principal } from "./auth/principal.js"
export {
  ApiKeyCreateInput,
  type ApiKeyService,
  CreatedApiKey,
  type IssueApiKeyInput,
  createApiKeyService,
  issueApiKey
} from "./access/api-keys.js"
export { UserCreateInput, UserPatchInput, type UserService, createUserService } from "./access/users.js"
export { type LineSink, type LogFields, type Logger, createJsonLogger } from "./logger.js"
export { Forbidden, IdempotencyKeyInUse, IdempotencyKeyReused, IpNotAllowed, Unauthenticated } from "./errors.js"
export { Problem } from "./problem.js"
