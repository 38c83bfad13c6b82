#!/usr/bin/env bash
# The core's browser suite in real Chromium (Debian's package, driven by playwright-core: `playwright
# install` cannot download here). Installs chromium with apt when it is missing. Run `pnpm build` first.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
pnpm --filter @racelab/core test:browser
