/**
 * @module @fisco/agent
 * The Fisco agent: runs next to the POS, polls the shop's devices through their drivers, keeps what
 * it reads in a local SQLite store-and-forward queue and pushes it to the Fisco server, which
 * applies each item exactly once. It also prints sales the back office sends through the server.
 */
export { type Agent, type AgentLogger, type AgentOptions, AGENT_VERSION, createAgent } from "./agent.js"
export { type BackoffOptions, DEFAULT_BACKOFF, backoffDelay } from "./backoff.js"
export { AgentConfigError, RequestRefused, type ServerClient, type ServerClientOptions, ServerUnavailable, createServerClient, parseServerUrl } from "./client.js"
export { runCommand } from "./commands.js"
export { fiscalFiles, lastDocument, printRefund, printSale, printVoid, readFiscalFile, readStatus, zTransmission } from "./device-io.js"
export { ARCHIVE_DAYS, type FiscalRound, collectFiscal } from "./fiscal.js"
export {
  DEFAULT_QUEUE_LIMITS,
  type EnqueueOutcome,
  type ItemClass,
  type JournalEntry,
  type LocalQueue,
  QUEUE_FILE,
  type QueueLimits,
  type QueueStats,
  type QueuedItem,
  openLocalQueue
} from "./queue.js"
