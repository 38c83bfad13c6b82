#!/usr/bin/env bash
# The API on Bun and Deno (issue 10): installs each from the npm registry (scripts/install-runtime.sh),
# then starts the built racelab-api on it and smoke-tests /health, an exact run, an event stream, a
# cancel and SIGTERM (apps/api/scripts/runtime-smoke.ts). Then a mixed lab: hosts on Node, Bun and
# Deno sharing a throwaway PostgreSQL (apps/api/scripts/lab-runtimes.ts). Run `pnpm build` first.
set -euo pipefail
cd "$(dirname "$0")/.."
for runtime in bun deno; do
  binary="$(scripts/install-runtime.sh "$runtime")"
  echo "== racelab-api on $runtime $("$binary" --version | head -1)"
  pnpm --filter @racelab/api --silent smoke "$runtime" "$binary"
done
echo "== a lab of three hosts: node, bun, deno"
pnpm --filter @racelab/api --silent lab-runtimes "$(scripts/install-runtime.sh bun)" "$(scripts/install-runtime.sh deno)"
