#!/usr/bin/env bash
# The core's browser suite in the three engines, each a Debian package (no browser download): Chromium
# (playwright-core), Firefox ESR (puppeteer-core over WebDriver BiDi) and WebKitGTK's MiniBrowser
# (WebdriverIO + WebKitWebDriver, on an Xvfb display the suite starts itself). Installs what is
# missing with apt. Run `pnpm build` first. RACELAB_ENGINES=firefox,webkit narrows the run.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
[ -x "${RACELAB_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
[ -x "${RACELAB_FIREFOX:-/usr/bin/firefox-esr}" ] || missing+=(firefox-esr)
[ -x "${RACELAB_WEBKIT_DRIVER:-/usr/bin/WebKitWebDriver}" ] || missing+=(webkit2gtk-driver)
[ -x "${RACELAB_XVFB:-/usr/bin/Xvfb}" ] || missing+=(xvfb)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
pnpm --filter @racelab/core test:browser
