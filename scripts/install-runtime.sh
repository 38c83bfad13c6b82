#!/usr/bin/env bash
# install-runtime.sh <bun|deno>: installs that runtime from the npm registry (once) and prints the path
# of its binary. Laid out as $RACELAB_RUNTIMES_DIR/<name>/node_modules/… (default $TMPDIR/racelab-runtimes;
# /opt/rt on a dev machine), the layout scripts/test-runtimes.sh uses too: the two may share one install.
set -euo pipefail
dir="${RACELAB_RUNTIMES_DIR:-${TMPDIR:-/tmp}/racelab-runtimes}"
case "${1:-}" in
  bun) package="@oven/bun-linux-x64@^1.2" binary="$dir/bun/node_modules/@oven/bun-linux-x64/bin/bun" ;;
  # The `deno` package's postinstall is blocked by the registry client: its platform binary is used directly.
  deno) package="deno@^2" binary="$dir/deno/node_modules/@deno/linux-x64-glibc/deno" ;;
  *) echo "usage: install-runtime.sh bun|deno" >&2; exit 2 ;;
esac
if [ ! -x "$binary" ]; then
  echo "installing $package into $dir/$1" >&2
  npm install --prefix "$dir/$1" --no-save --no-audit --no-fund --ignore-scripts "$package" >&2
fi
echo "$binary"
