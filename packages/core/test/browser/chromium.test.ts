/**
 * The core in a real browser: Vite bundles test/browser/page (which imports @racelab/core like an
 * app would), a local server serves it cross-origin isolated on 127.0.0.1, and Chromium
 * (playwright-core driving /usr/bin/chromium, or $CHROMIUM_PATH) runs the checks in Web Workers.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const pageRoot = fileURLToPath(new URL('page', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };

if (!existsSync(executablePath)) console.log(`browser suite skipped: no Chromium at ${executablePath}`);

/** Serves `dir` with the two headers that make a page cross-origin isolated (SharedArrayBuffer). */
function serve(dir: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = normalize(new URL(request.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(!existsSync(executablePath))('@racelab/core in Chromium (Web Workers)', () => {
  let outDir: string;
  let server: Server;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'racelab-browser-'));
    await build({
      root: pageRoot,
      logLevel: 'warn',
      configFile: false,
      build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: true },
      worker: { format: 'es' },
    });
    server = await serve(outDir);
    browser = await chromium.launch({
      executablePath,
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage();
    page.on('pageerror', (error) => console.log('page error:', error.message));
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'loading');
    expect(await page.textContent('#status')).toBe('ready');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('the seed experiment: mutex exact at 10 × 100,000, and the result names the browser', async () => {
    const result = await page.evaluate(() => window.racelab.seed());
    expect(result.status).toBe('completed');
    expect(result.actual).toBe(1_000_000);
    const userAgent = await page.evaluate(() => navigator.userAgent);
    expect(result.environment).toMatchObject({ runtime: { name: 'browser', version: userAgent }, userAgent });
  });

  it('none never counts more than expected and loses updates over several trials', async () => {
    const { expected, actuals } = await page.evaluate(() => window.racelab.race(5));
    expect(actuals).toHaveLength(5);
    for (const actual of actuals) expect(actual).toBeLessThanOrEqual(expected);
    expect(actuals.some((actual) => actual < expected)).toBe(true);
  });

  it('traces a run in Web Workers: the accounting holds in every trial, a lock shows 0 and 0', async () => {
    const race = await page.evaluate(() => window.racelab.tracedRace('none', 5));
    expect(race.status).toBe('completed');
    for (const trial of race.trials) {
      expect((trial.repeatedReads ?? -1) + (trial.readsAboveFinal ?? -1)).toBe(trial.lostUpdates);
    }
    expect(race.trials[0]?.views).toBe(4);
    const lock = await page.evaluate(() => window.racelab.tracedRace('mutex', 1));
    expect(lock.trials).toEqual([{ lostUpdates: 0, repeatedReads: 0, readsAboveFinal: 0, rollbacks: 0, views: 4 }]);
  });

  it('a Mutex shared by Web Workers (lock) and the page (lockAsync) keeps every update', async () => {
    const result = await page.evaluate(() => window.racelab.sharedMutex(4, 50_000, 500));
    expect(result.total).toBe(result.expected);
    expect(result.waited).toBeGreaterThan(0);
    expect(result.locked).toBe(false);
  });

  it("lock() on the page's main thread throws an error that points to lockAsync", async () => {
    const result = await page.evaluate(() => window.racelab.mainThreadLock());
    expect(result.threw).toBe(true);
    expect(result.message).toMatch(/lockAsync/);
  });

  it('an abort mid-run rejects with the cancelled run and leaves no worker behind', async () => {
    const result = await page.evaluate(() => window.racelab.abortMidRun());
    expect(result).toMatchObject({ aborted: true, status: 'cancelled', threadsAfterClose: 0 });
    // The browser's own view: no Web Worker is left on the page (earlier tests terminated theirs).
    await expect.poll(() => page.workers().length, { timeout: 10_000 }).toBe(0);
  });
});

declare global {
  interface Window {
    racelab: {
      seed(): Promise<{ status: string; actual?: number; environment: Record<string, unknown> }>;
      race(trials: number): Promise<{ expected: number; actuals: number[] }>;
      tracedRace(
        strategy: 'none' | 'mutex',
        trials: number,
      ): Promise<{
        status: string;
        trials: {
          lostUpdates: number;
          repeatedReads?: number;
          readsAboveFinal?: number;
          rollbacks?: number;
          views?: number;
        }[];
      }>;
      sharedMutex(
        workers: number,
        increments: number,
        pageIncrements: number,
      ): Promise<{ total: number; expected: number; waited: number; locked: boolean }>;
      mainThreadLock(): { threw: boolean; name: string; message: string };
      abortMidRun(): Promise<{ aborted: boolean; status: string; threadsAfterRun: number; threadsAfterClose: number }>;
    };
  }
}
