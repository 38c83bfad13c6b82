/**
 * The core in real browsers, one per engine: Vite bundles test/browser/page (which imports
 * @racelab/core like an app would), and @racelab/test-support serves it cross-origin isolated on
 * 127.0.0.1 and opens it in Chromium, Firefox ESR or WebKitGTK, whichever driver each needs.
 * `RACELAB_ENGINES=firefox,webkit` narrows the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINES, type Engine, engineAvailable, type IsolatedPage, openIsolatedPage } from '@racelab/test-support';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const pageRoot = fileURLToPath(new URL('page', import.meta.url));
const chosen = process.env.RACELAB_ENGINES?.split(',').map((name) => name.trim()) ?? [...ENGINES];
const engines = ENGINES.filter((engine) => chosen.includes(engine));

let outDir: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'racelab-browser-'));
  await build({
    root: pageRoot,
    logLevel: 'warn',
    configFile: false,
    build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: true },
    worker: { format: 'es' },
  });
}, 120_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** Waits for the page's script to say it is ready (it also checks `crossOriginIsolated` itself). */
async function ready(page: IsolatedPage): Promise<void> {
  await page.waitFor(() => document.getElementById('status')?.textContent !== 'loading', null, 60_000);
  expect(await page.evaluate(() => document.getElementById('status')?.textContent, null)).toBe('ready');
}

describe.each(engines)('@racelab/core in %s (Web Workers)', (engine: Engine) => {
  const available = engineAvailable(engine, `core browser suite (${engine})`);
  let page: IsolatedPage;

  beforeAll(async () => {
    if (!available) return;
    page = await openIsolatedPage(engine, { root: outDir });
    await ready(page);
    const parking = await page.evaluate(() => window.racelab.parking(), null);
    console.log(`${engine}: ${page.browserVersion}, lockAsync parks with ${parking}`);
  }, 120_000);

  afterAll(async () => {
    await page?.close();
  });

  it.skipIf(!available)(
    'the seed experiment: mutex exact at 10 × 100,000, and the result names the browser',
    async () => {
      const result = await page.evaluate(() => window.racelab.seed(), null);
      expect(result.status).toBe('completed');
      expect(result.actual).toBe(1_000_000);
      const userAgent = await page.evaluate(() => navigator.userAgent, null);
      expect(result.environment).toMatchObject({ runtime: { name: 'browser', version: userAgent }, userAgent });
    },
  );

  it.skipIf(!available)('none never counts more than expected and loses updates over several trials', async () => {
    const { expected, actuals } = await page.evaluate(() => window.racelab.race(5), null);
    expect(actuals).toHaveLength(5);
    for (const actual of actuals) expect(actual).toBeLessThanOrEqual(expected);
    expect(actuals.some((actual) => actual < expected)).toBe(true);
  });

  it.skipIf(!available)(
    'traces a run in Web Workers: the accounting holds in every trial, a lock shows 0 and 0',
    async () => {
      const race = await page.evaluate(() => window.racelab.tracedRace('none', 5), null);
      expect(race.status).toBe('completed');
      for (const trial of race.trials) {
        expect((trial.repeatedReads ?? -1) + (trial.readsAboveFinal ?? -1)).toBe(trial.lostUpdates);
      }
      expect(race.trials[0]?.views).toBe(4);
      const lock = await page.evaluate(() => window.racelab.tracedRace('mutex', 1), null);
      expect(lock.trials).toEqual([{ lostUpdates: 0, repeatedReads: 0, readsAboveFinal: 0, rollbacks: 0, views: 4 }]);
    },
  );

  it.skipIf(!available)(
    'a Mutex shared by Web Workers (lock) and the page (lockAsync) keeps every update',
    async () => {
      const result = await page.evaluate(() => window.racelab.sharedMutex(4, 50_000, 500), null);
      expect(result).toMatchObject({ total: result.expected, locked: false, parking: 'waitAsync' });
      expect(result.waited).toBeGreaterThan(0);
    },
  );

  it.skipIf(!available)(
    "the same without Atomics.waitAsync (the page hides it): lockAsync's polling fallback keeps every update",
    async () => {
      await page.reload('?without=waitAsync');
      await ready(page);
      try {
        const result = await page.evaluate(() => window.racelab.sharedMutex(4, 20_000, 200), null);
        expect(result).toMatchObject({ total: result.expected, locked: false, parking: 'polling' });
        expect(result.waited).toBeGreaterThan(0);
      } finally {
        await page.reload();
        await ready(page);
      }
    },
  );

  it.skipIf(!available)("lock() on the page's main thread throws an error that points to lockAsync", async () => {
    const result = await page.evaluate(() => window.racelab.mainThreadLock(), null);
    expect(result.threw).toBe(true);
    expect(result.message).toMatch(/lockAsync/);
  });

  it.skipIf(!available)('an abort mid-run rejects with the cancelled run and leaves no worker behind', async () => {
    const result = await page.evaluate(() => window.racelab.abortMidRun(), null);
    expect(result).toMatchObject({ aborted: true, status: 'cancelled', threadsAfterClose: 0 });
    // The browser's own view, where its driver gives one (Chromium's DevTools protocol, Firefox's
    // WebDriver BiDi; not WebKit's classic WebDriver): no Web Worker is left on the page (earlier
    // tests terminated theirs).
    const { workerCount } = page;
    if (workerCount) await expect.poll(workerCount, { timeout: 10_000 }).toBe(0);
  });
});

declare global {
  interface Window {
    racelab: {
      parking(): 'waitAsync' | 'polling';
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
      ): Promise<{ total: number; expected: number; waited: number; locked: boolean; parking: string }>;
      mainThreadLock(): { threw: boolean; name: string; message: string };
      abortMidRun(): Promise<{ aborted: boolean; status: string; threadsAfterRun: number; threadsAfterClose: number }>;
    };
  }
}
