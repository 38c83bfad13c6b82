import type { Browser, LaunchOptions } from 'playwright-core';
import { engineBinaries } from './engines.js';
import type { DriverPage, Untyped } from './page.js';

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
  try {
    const page = await browser.newPage();
    return {
      browserVersion: `chromium/${browser.version()}`,
      goto: async (url) => {
        await page.goto(url);
      },
      evaluate: (fn, arg) => page.evaluate(fn as Untyped, arg) as Promise<never>,
      click: (selector) => page.click(selector),
      waitFor: async (fn, arg, timeoutMs) => {
        await page.waitForFunction(fn as Untyped, arg, { timeout: timeoutMs });
      },
      workerCount: () => page.workers().length,
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
