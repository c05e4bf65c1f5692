import type { AgentCommand, AgentCommandResult, AgentDelivery, AgentDeliveryReply, Device } from "@fisco/core"

/** The server refused the agent's credential or does not speak the agent API: retrying cannot help. */
export class AgentConfigError extends Error {}

/** The server could not be reached or answered with a transient error: retry later. */
export class ServerUnavailable extends Error {}

/**
 * The server refused the request itself as invalid (400, 413, 422): sending it again unchanged
 * cannot help. For a delivery, the agent narrows it down to the one item at fault.
 */
export class RequestRefused extends Error {}

export interface ServerClientOptions {
  /** Base URL of the Fisco server, e.g. `https://fisco.example.com`. */
  readonly server: string
  /** An API key with the `agent` scope. */
  readonly key: string
  /** The sites this agent serves (one agent per shop); empty: every agent device of the tenant. */
  readonly siteIds?: ReadonlyArray<string>
  readonly timeoutMs?: number
  readonly fetch?: typeof fetch
}

export interface ServerClient {
  devices(): Promise<ReadonlyArray<Device>>
  deliver(delivery: AgentDelivery): Promise<AgentDeliveryReply>
  claimCommands(agentId: string, limit: number): Promise<ReadonlyArray<AgentCommand>>
  reportResult(commandId: string, agentId: string, result: AgentCommandResult): Promise<AgentCommand>
}

/** Checks `--server` early, so a typo is an error at start rather than an agent that retries forever. */
export const parseServerUrl = (server: string): URL => {
  let url: URL
  try {
    url = new URL(server)
  } catch {
    throw new AgentConfigError(`--server must be an http(s) URL, got ${JSON.stringify(server)}`)
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new AgentConfigError(`--server must be an http(s) URL, got ${JSON.stringify(server)}`)
  return url
}

/** The agent's side of `/v1/agent/*`. */
export const createServerClient = (options: ServerClientOptions): ServerClient => {
  const base = parseServerUrl(options.server)
  const doFetch = options.fetch ?? fetch
  const timeoutMs = options.timeoutMs ?? 30_000
  const sites = options.siteIds ?? []
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let response: Response
    try {
      response = await doFetch(new URL(path.replace(/^\//, ""), base.href.endsWith("/") ? base : `${base.href}/`), {
        method,
        headers: { Authorization: `Bearer ${options.key}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs)
      })
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code
      throw new ServerUnavailable(`cannot reach ${base.origin}: ${cause ?? (error instanceof Error ? error.message : String(error))}`)
    }
    const text = await response.text()
    const detail = () => {
      try {
        const problem = JSON.parse(text) as { detail?: string; title?: string }
        return problem.detail ?? problem.title ?? text
      } catch {
        return text.slice(0, 200)
      }
    }
    if (response.status === 401 || response.status === 403) {
      throw new AgentConfigError(`the server refused the agent key (HTTP ${response.status}): ${detail()}`)
    }
    if (path.startsWith("/v1/agent/devices") && response.status === 400) {
      throw new AgentConfigError(`the server refused the agent's sites: ${detail()}`)
    }
    if (response.status === 404 && path.startsWith("/v1/agent/devices")) {
      throw new AgentConfigError(`${base.origin} does not look like a Fisco server (HTTP 404 on /v1/agent/devices)`)
    }
    if (!response.ok) {
      const error = `${method} ${path}: HTTP ${response.status}: ${detail()}`
      if (response.status === 400 || response.status === 413 || response.status === 422) throw new RequestRefused(error)
      // Server errors, throttling, a key momentarily in use: worth retrying.
      throw new ServerUnavailable(error)
    }
    try {
      return JSON.parse(text) as T
    } catch {
      throw new ServerUnavailable(`${method} ${path}: the answer is not JSON`)
    }
  }
  return {
    devices: async () => (await call<{ data: ReadonlyArray<Device> }>("GET", `/v1/agent/devices${sites.length ? `?site_ids=${sites.map(encodeURIComponent).join(",")}` : ""}`)).data,
    deliver: (delivery) => call<AgentDeliveryReply>("POST", "/v1/agent/deliveries", delivery),
    claimCommands: async (agentId, limit) =>
      (await call<{ data: ReadonlyArray<AgentCommand> }>("POST", "/v1/agent/commands/claims", { agentId, limit, ...(sites.length ? { siteIds: sites } : {}) })).data,
    reportResult: (commandId, agentId, result) => call<AgentCommand>("POST", `/v1/agent/commands/${encodeURIComponent(commandId)}/result`, { agentId, result })
  }
}
