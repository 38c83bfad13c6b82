import type { Page } from 'puppeteer-core';
import { engineBinaries } from './engines.js';
import type { DriverPage, Untyped } from './page.js';
import { scriptedPage } from './scripted-page.js';

/**
 * Debian's Firefox ESR through puppeteer-core over WebDriver BiDi (Debian has no geckodriver, and
 * Playwright's Firefox launcher needs its own patched build).
 */
export async function openFirefox(): Promise<DriverPage> {
  const { launch } = await import('puppeteer-core');
  const browser = await launch({
    browser: 'firefox',
    executablePath: engineBinaries().firefox,
    headless: true,
    // Puppeteer gives a command 180 s by default; a bench round on a busy machine can take longer.
    protocolTimeout: 600_000,
  });
  return scriptedPage(browser, await browser.version(), (page: Page) => async (fn, arg, timeoutMs) => {
    await page.waitForFunction(fn as Untyped, { timeout: timeoutMs, polling: 50 }, arg);
  });
}
