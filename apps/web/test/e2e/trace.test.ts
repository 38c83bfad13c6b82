import type { Run } from '@racelab/api';
import { engineAvailable } from '@racelab/test-support';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { type GuardedPage, openGuardedPage, screenshotPath, useChromiumAndApi } from './browser.js';

const RUN_MS = 45_000;

const HAVE_CHROMIUM = engineAvailable('chromium', 'web e2e: the trace');

const count = (text: string | undefined) => Number(text?.replace(/,/g, ''));

/** `12,345 lost = 12,000 read again + 345 read at or above the final counter` as numbers. */
function accounting(text: string): { lost: number; again: number; above: number } {
  const match = /^([\d,]+) lost = ([\d,]+) read again \+ ([\d,]+) read at or above the final counter/.exec(text);
  if (!match) throw new Error(`no accounting in: ${text}`);
  return { lost: count(match[1]), again: count(match[2]), above: count(match[3]) };
}

describe.skipIf(!HAVE_CHROMIUM)('the trace view in Chromium', () => {
  const started = useChromiumAndApi();
  let guarded: GuardedPage | undefined;

  afterEach(async () => {
    const { consoleErrors = [], offOrigin = [] } = guarded ?? {};
    await guarded?.close();
    guarded = undefined;
    expect(consoleErrors).toEqual([]);
    expect(offOrigin).toEqual([]);
  });

  async function open(options: Parameters<typeof openGuardedPage>[2] = {}): Promise<Page> {
    guarded = await openGuardedPage(started.browser, started.server.url, options);
    await guarded.page.goto(`${started.server.url}/`);
    return guarded.page;
  }

  it('traces a race started from the form: one line per worker, the accounting adds up, as the API says', async () => {
    const page = await open();
    await page.locator('#strategy').selectOption('none');
    await page.locator('#workers').fill('6');
    await page.locator('#iterations').fill('200000');
    await page.getByLabel('Trace: which update overwrote which').check();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('section.live[data-status="completed"]').waitFor({ timeout: RUN_MS });
    const panel = page.getByTestId('trace-panel');
    await panel.waitFor({ timeout: RUN_MS });

    // One path per worker, each drawn from what that worker read.
    const chart = panel.getByTestId('trace-chart');
    expect(await chart.locator('path.trace-line').count()).toBe(6);
    const workers = await chart
      .locator('path.trace-line')
      .evaluateAll((paths) => paths.map((path) => path.getAttribute('data-worker')));
    expect(workers).toEqual(['0', '1', '2', '3', '4', '5']);
    for (const d of await chart
      .locator('path.trace-line')
      .evaluateAll((paths) => paths.map((path) => path.getAttribute('d') ?? ''))) {
      expect(d).toMatch(/^M[\d.]+ [\d.]+(L[\d.]+ [\d.]+)+$/);
    }

    // The accounting on the page adds up, and is the run's own.
    const shown = accounting(await panel.getByTestId('trace-accounting').innerText());
    expect(shown.lost).toBe(shown.again + shown.above);
    const id = new URL(page.url()).searchParams.get('run');
    const run = (await (await fetch(`${started.server.url}/runs/${id}`)).json()) as Run;
    const trial = run.result?.trials[0];
    expect(run.result?.config.trace).toBe(true);
    expect(shown.lost).toBe(trial?.lostUpdates);
    expect(shown.again).toBe(trial?.trace?.repeatedReads);
    expect(shown.above).toBe(trial?.trace?.readsAboveFinal);

    // Every rollback mark says what it was; the heat map has a cell per pair.
    const marks = chart.locator('circle.rollback-mark');
    const rollbacks = trial?.trace?.rollbacks.count ?? 0;
    if (rollbacks === 0) expect(await marks.count()).toBe(0);
    for (const title of await marks.locator('title').allTextContents()) expect(title).toMatch(/^w\d/);
    expect(await panel.getByTestId('collision-map').locator('rect.heat').count()).toBe(36);
    // The lesson tells this run's story from its trace.
    expect(await page.getByTestId('trace-story').innerText()).toMatch(
      /^(Why: [\d,]+ times a value was read again|The trace agrees)/,
    );
  });

  it("refuses a trace past the limit with the API's message under the checkbox", async () => {
    const page = await open();
    guarded?.expectStatus(400);
    await page.locator('#workers').fill('256');
    await page.locator('#iterations').fill('100000');
    await page.getByLabel('Trace: which update overwrote which').check();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const error = page.locator('#trace-error');
    await error.filter({ hasText: /\S/ }).waitFor({ timeout: RUN_MS });
    const answer = await fetch(`${started.server.url}/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workers: 256, iterations: 100_000, trace: true }),
    });
    expect(answer.status).toBe(400);
    const { error: body } = (await answer.json()) as {
      error: { code: string; details: { field: string; message: string }[] };
    };
    expect(body.code).toBe('trace_too_large');
    expect(await error.innerText()).toBe(body.details.find((detail) => detail.field === 'trace')?.message);
    expect(await error.innerText()).toContain('16,777,216');
    expect(await page.locator('#trace').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('section.live').count()).toBe(0);
  });

  it("the intro's button traces the seed's race live; the chart fits a phone", async () => {
    for (const viewport of [
      { width: 1280, height: 1400 },
      { width: 375, height: 812 },
    ]) {
      const page = await open({ viewport, isMobile: viewport.width < 500 });
      await page.getByRole('button', { name: /^Trace the race/ }).click();
      const panel = page.getByTestId('trace-panel');
      await panel.waitFor({ timeout: RUN_MS });
      expect(await page.locator('#strategy').inputValue()).toBe('none');
      expect(await page.locator('#trace').isChecked()).toBe(true);
      expect(await panel.locator('path.trace-line').count()).toBe(10);
      const shown = accounting(await panel.getByTestId('trace-accounting').innerText());
      expect(shown.lost).toBe(shown.again + shown.above);
      expect(shown.lost).toBeLessThanOrEqual(1_000_000);
      const [scrollWidth, innerWidth] = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        window.innerWidth,
      ]);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth ?? 0);
      if (viewport.width > 1000) {
        await panel.scrollIntoViewIfNeeded();
        await panel.screenshot({ path: await screenshotPath('web-trace.png') });
      }
      expect([guarded?.consoleErrors, guarded?.offOrigin]).toEqual([[], []]);
      await guarded?.close();
      guarded = undefined;
    }
  });
});
