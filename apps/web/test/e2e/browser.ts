import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '@racelab/test-support';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type ApiServer, startApiServer } from './api-server.js';

/** What a Chromium suite drives: the real API server and Chromium, both started before its tests. */
export interface ChromiumAndApi {
  readonly server: ApiServer;
  readonly browser: Browser;
}

/** Starts the API server (with `env`) and Chromium for the enclosing suite, and stops both after it. */
export function useChromiumAndApi(env: Record<string, string> = {}): ChromiumAndApi {
  const started = {} as { server: ApiServer; browser: Browser };
  beforeAll(async () => {
    [started.server, started.browser] = await Promise.all([startApiServer(env), launchChromium()]);
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.server?.stop();
  });
  return started;
}

/** A page, plus what it did that it should not: console errors, and requests to other origins. */
export interface GuardedPage {
  page: Page;
  consoleErrors: string[];
  /** Every request for another origin; each is aborted, as with the network unplugged. */
  offOrigin: string[];
  /**
   * Chromium logs every 4xx answer to a fetch as a console error; a test that provokes one on
   * purpose (a 400 for a bad value, a 401 before the token) names its status here.
   */
  expectStatus(status: number): void;
  close(): Promise<void>;
}

export async function openGuardedPage(
  browser: Browser,
  origin: string,
  options: BrowserContextOptions = {},
): Promise<GuardedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const consoleErrors: string[] = [];
  const offOrigin: string[] = [];
  const expected = new Set<number>();
  // Only other origins are intercepted: the page's own requests (event streams too) go untouched.
  await context.route(
    (url) => url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:',
    (route) => {
      offOrigin.push(route.request().url());
      return route.abort('internetdisconnected');
    },
  );
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const status = /^Failed to load resource: the server responded with a status of (\d+)/.exec(message.text());
    if (status && expected.has(Number(status[1]))) return;
    consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  return {
    page,
    consoleErrors,
    offOrigin,
    expectStatus: (status) => expected.add(status),
    close: () => context.close(),
  };
}

/**
 * Where a suite writes a screenshot: `RACELAB_SCREENSHOTS_DIR` (`pnpm --filter @racelab/web
 * screenshots` sets it to docs/), else a temp folder, so a plain test run leaves the tree alone.
 */
export async function screenshotPath(name: string): Promise<string> {
  const folder = process.env.RACELAB_SCREENSHOTS_DIR ?? join(tmpdir(), 'racelab-web-screenshots');
  await mkdir(folder, { recursive: true });
  return join(folder, name);
}
