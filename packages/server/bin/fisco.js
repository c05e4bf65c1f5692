#!/usr/bin/env node
import("../dist/cli.js").catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
