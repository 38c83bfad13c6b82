import type { Browser, LaunchOptions, Page } from 'playwright-core';
import { engineBinaries } from './engines.js';
import type { DriverPage, Untyped } from './page.js';
import { scriptedPage } from './scripted-page.js';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Debian's Chromium through playwright-core (its own `playwright install` needs a download). Exported
 * for suites that use Playwright's own features (request routing, contexts) on Chromium.
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: engineBinaries().chromium, args: CHROMIUM_ARGS, ...options });
}

export async function openChromium(): Promise<DriverPage> {
  const browser = await launchChromium();
  return scriptedPage(browser, `chromium/${browser.version()}`, (page: Page) => async (fn, arg, timeoutMs) => {
    await page.waitForFunction(fn as Untyped, arg, { timeout: timeoutMs });
  });
}
