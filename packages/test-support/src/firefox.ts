import { engineBinaries } from './engines.js';
import type { DriverPage, Untyped } from './page.js';

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
  try {
    const page = await browser.newPage();
    return {
      browserVersion: await browser.version(),
      goto: async (url) => {
        await page.goto(url);
      },
      evaluate: (fn, arg) => page.evaluate(fn as Untyped, arg) as Promise<never>,
      click: (selector) => page.click(selector),
      waitFor: async (fn, arg, timeoutMs) => {
        await page.waitForFunction(fn as Untyped, { timeout: timeoutMs, polling: 50 }, arg);
      },
      workerCount: () => page.workers().length,
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
