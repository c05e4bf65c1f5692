import { randomBytes } from "node:crypto"
import { serve } from "@hono/node-server"
import { createHost } from "./host.js"

// Runs the example host on PORT (default 3000): `npm start -w examples/embed-host`.
const host = await createHost({
  fiscoDatabase: process.env.FISCO_DATABASE ?? "host-fisco.db",
  // Tokens signed with a per-process secret die with the process; set FISCO_TOKEN_SECRET to keep them.
  tokenSecret: process.env.FISCO_TOKEN_SECRET ?? randomBytes(32).toString("base64url")
})
serve({ fetch: host.app.fetch, port: Number(process.env.PORT ?? 3000) }, (info) => {
  console.log(`host listening on http://127.0.0.1:${info.port} (its routes under /api, Fisco under /fisco)`)
})
