import type { AddressInfo } from "node:net"
import { serve } from "@hono/node-server"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ipAllowed, isIpOrCidr } from "../src/auth/ip-allowlist.js"
import { type Harness, createHarness } from "./support/harness.js"

describe("ipAllowed", () => {
  it("matches exact addresses and IPv4/IPv6 CIDR blocks", () => {
    expect(ipAllowed(["203.0.113.7"], "203.0.113.7")).toBe(true)
    expect(ipAllowed(["203.0.113.7"], "203.0.113.8")).toBe(false)
    expect(ipAllowed(["10.0.0.0/8"], "10.255.1.2")).toBe(true)
    expect(ipAllowed(["10.0.0.0/8"], "11.0.0.1")).toBe(false)
    expect(ipAllowed(["2001:db8::/32"], "2001:db8:1::5")).toBe(true)
    expect(ipAllowed(["2001:db8::/32"], "2001:db9::5")).toBe(false)
    expect(ipAllowed(["0.0.0.0/0"], "198.51.100.1")).toBe(true)
  })

  it("treats IPv4-mapped IPv6 peers as IPv4 and never allows an unknown address", () => {
    expect(ipAllowed(["127.0.0.1"], "::ffff:127.0.0.1")).toBe(true)
    expect(ipAllowed(["10.0.0.0/8"], undefined)).toBe(false)
    expect(ipAllowed(["10.0.0.0/8"], "not-an-ip")).toBe(false)
  })

  it("validates entries", () => {
    for (const ok of ["10.0.0.1", "10.0.0.0/8", "::1", "2001:db8::/32", "0.0.0.0/0"]) expect(isIpOrCidr(ok)).toBe(true)
    for (const bad of ["10.0.0.0/33", "2001:db8::/129", "10.0.0", "10.0.0.0/8/1", "host.example", "10.0.0.0/x", ""]) expect(isIpOrCidr(bad)).toBe(false)
  })
})

describe("IP restricted keys over a real socket", () => {
  let h: Harness
  let server: ReturnType<typeof serve>
  let base: string
  beforeAll(async () => {
    h = await createHarness()
    server = serve({ fetch: h.app.fetch, port: 0, hostname: "127.0.0.1" })
    await new Promise((resolve) => server.once("listening", resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
    await h.close()
  })

  const get = (secret: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/v1/sites`, { headers: { Authorization: `Bearer ${secret}`, ...headers } })

  it("uses the socket's address: loopback allowed, another block refused with ip_not_allowed", async () => {
    const loopback = await h.key(false, ["sites:read"], { allowedIps: ["127.0.0.0/8"] })
    const elsewhere = await h.key(false, ["sites:read"], { allowedIps: ["10.0.0.0/8"] })
    expect((await get(loopback.secret)).status).toBe(200)
    const refused = await get(elsewhere.secret, { "X-Forwarded-For": "10.0.0.1" })
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as { code: string }).code).toBe("ip_not_allowed")
  })
})

describe("behind a trusted proxy", () => {
  let h: Harness
  beforeAll(async () => {
    h = await createHarness({ trustProxy: true })
  })
  afterAll(() => h.close())

  it("takes the address the proxy saw (last X-Forwarded-For entry), so a client cannot spoof the first", async () => {
    const key = await h.key(false, ["sites:read"], { allowedIps: ["198.51.100.0/24"] })
    expect((await h.call("GET", "/v1/sites", { auth: key.secret, headers: { "X-Forwarded-For": "198.51.100.9" } })).status).toBe(200)
    const spoofed = await h.call("GET", "/v1/sites", { auth: key.secret, headers: { "X-Forwarded-For": "198.51.100.9, 203.0.113.5" } })
    expect(spoofed.status).toBe(403)
    expect(spoofed.body.code).toBe("ip_not_allowed")
  })
})
