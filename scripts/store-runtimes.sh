#!/usr/bin/env bash
# The run store (packages/store) on Node, Bun and Deno, each runtime from the npm registry
# (scripts/install-runtime.sh): a new SQLite notebook and a throwaway PostgreSQL, saved, read, paged
# and scanned. Run `pnpm build` first.
set -euo pipefail
cd "$(dirname "$0")/.."
bun="$(scripts/install-runtime.sh bun)"
deno="$(scripts/install-runtime.sh deno)"
cd packages/store && node scripts/runtimes.mjs "$bun" "$deno"
