import type { DriverPage, Untyped } from './page.js';

/** What Playwright's and Puppeteer's pages have in common, and all a DriverPage needs of them. */
interface ScriptedPage {
  goto(url: string): Promise<unknown>;
  evaluate(fn: Untyped, arg: unknown): Promise<unknown>;
  click(selector: string): Promise<void>;
  workers(): readonly unknown[];
}

interface Browser {
  newPage(): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * A DriverPage on a new tab of a Playwright or Puppeteer browser: the two differ only in how they
 * wait for a condition (`waitFor`). The browser is closed if the tab cannot be opened.
 */
export async function scriptedPage(
  browser: Browser,
  browserVersion: string,
  waitFor: (page: never) => DriverPage['waitFor'],
): Promise<DriverPage> {
  try {
    const page = (await browser.newPage()) as ScriptedPage;
    return {
      browserVersion,
      goto: async (url) => {
        await page.goto(url);
      },
      evaluate: (fn, arg) => page.evaluate(fn as Untyped, arg) as Promise<never>,
      click: (selector) => page.click(selector),
      waitFor: waitFor(page as never),
      workerCount: () => page.workers().length,
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
