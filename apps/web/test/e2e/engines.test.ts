/**
 * The page's smoke test in each engine (Chromium, Firefox ESR, WebKitGTK): the page the API serves
 * is cross-origin isolated there, Run gives the seed's 1,000,000, and "run it in this browser"
 * runs the same experiment in that engine's Web Workers. The rest of the page's suite drives
 * Chromium alone (page.test.ts), where Playwright's request routing watches every fetch.
 */
import { ENGINES, type Engine, engineAvailable, type IsolatedPage, openIsolatedPage } from '@racelab/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApiServer } from './api-server.js';

/** Event waits are bounded: a run that hangs fails the test instead of the whole suite. */
const RUN_MS = 45_000;
/** How the page names each engine (from its user agent; WebKit's is Safari's). */
const BROWSER_NAME: Record<Engine, string> = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'Safari' };

let server: ApiServer;
beforeAll(async () => {
  server = await startApiServer();
});
afterAll(async () => {
  await server?.stop();
});

describe.each(ENGINES)('the page in %s', (engine) => {
  const available = engineAvailable(engine, `web e2e: the page in ${engine}`);
  let page: IsolatedPage;

  beforeAll(async () => {
    if (available) page = await openIsolatedPage(engine, { url: `${server.url}/` });
  }, 120_000);
  afterAll(async () => {
    await page?.close();
  });

  const text = (selector: string) =>
    page.evaluate((css) => document.querySelector(css)?.textContent?.trim() ?? null, selector);

  it.skipIf(!available)('Run: the seed experiment ends at a final counter of 1,000,000, exact', async () => {
    await page.waitFor(() => document.getElementById('run-button') !== null, null, RUN_MS);
    await page.click('#run-button');
    await page.waitFor(() => document.querySelector('[data-testid="final-counter"]') !== null, null, RUN_MS);
    expect(await text('[data-testid="final-counter"]')).toBe('Final counter: 1000000');
    expect(await text('[data-testid="verdict"]')).toContain('exact');
  });

  it.skipIf(!available)("run it in this browser: the same 1,000,000 in this engine's Web Workers", async () => {
    await page.reload();
    await page.waitFor(() => document.querySelector('section.browser-run button') !== null, null, RUN_MS);
    await page.click('section.browser-run .actions button');
    await page.waitFor(() => document.querySelector('[data-testid="side-by-side"]') !== null, null, RUN_MS);
    expect(await text('[data-testid="where-line"]')).toMatch(
      new RegExp(
        `^server: 10 threads on Node v[\\d.]+ · this browser: 10 Web Workers on ${BROWSER_NAME[engine]} \\d+$`,
      ),
    );
    const cells = await page.evaluate(
      () =>
        [...document.querySelectorAll('[data-testid="side-by-side"] tr')]
          .filter((row) => ['Final counter', 'Status'].includes(row.querySelector('th')?.textContent?.trim() ?? ''))
          .flatMap((row) =>
            [...row.querySelectorAll('td[data-column]')].map(
              (cell) =>
                `${row.querySelector('th')?.textContent?.trim()} ${cell.getAttribute('data-column')}: ${cell.textContent?.trim()}`,
            ),
          ),
      null,
    );
    expect(cells).toEqual([
      'Final counter server: 1,000,000',
      'Final counter this browser: 1,000,000',
      'Status server: exact',
      'Status this browser: exact',
    ]);
  });
});
