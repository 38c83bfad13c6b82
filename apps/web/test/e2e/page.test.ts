import type { Run } from '@racelab/api';
import { engineAvailable } from '@racelab/test-support';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { type GuardedPage, openGuardedPage, screenshotPath, useChromiumAndApi } from './browser.js';

/** Event waits are bounded: a run that hangs fails the test instead of the whole suite. */
const RUN_MS = 45_000;

const HAVE_CHROMIUM = engineAvailable('chromium', 'web e2e: the page');

describe.skipIf(!HAVE_CHROMIUM)('the page in Chromium', () => {
  const started = useChromiumAndApi();
  let guarded: GuardedPage | undefined;
  afterEach(async () => {
    // Every test: nothing on the console, nothing fetched from anywhere but the app.
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

  async function setNumber(page: Page, field: 'workers' | 'iterations' | 'trials', value: string) {
    await page.locator(`#${field}`).fill(value);
  }

  it('runs the seed experiment with the defaults: 1,000,000 and exact, cross-origin isolated', async () => {
    const page = await open();
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const started = performance.now();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const final = page.getByTestId('final-counter');
    await final.waitFor({ timeout: RUN_MS });
    const elapsed = performance.now() - started;
    console.log(`web e2e: Run pressed → final counter shown in ${elapsed.toFixed(0)} ms (10 × 100,000 mutex)`);
    expect(await final.innerText()).toBe('Final counter: 1000000');
    expect(await page.getByTestId('verdict').innerText()).toContain('exact');
    expect(await page.getByTestId('live-counter').innerText()).toContain('1,000,000 / 1,000,000');
    // The address is now the run's permalink, and the run heads the recent list.
    const id = new URL(page.url()).searchParams.get('run');
    expect(id).toBeTruthy();
    await page.locator(`[data-run-id="${id}"][data-status="completed"]`).waitFor({ timeout: RUN_MS });
  });

  it('shows the race losing updates over several trials, and their spread', async () => {
    const page = await open();
    await page.locator('#strategy').selectOption('none');
    await setNumber(page, 'workers', '4');
    await setNumber(page, 'iterations', '1,000,000');
    await setNumber(page, 'trials', '5');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('section.live[data-status="completed"]').waitFor({ timeout: RUN_MS });
    const final = Number((await page.getByTestId('final-counter').innerText()).replace(/\D/g, ''));
    expect(final).toBeLessThanOrEqual(4_000_000);
    const spread = page.getByTestId('spread');
    expect(await spread.locator('rect').count()).toBe(5);
    const caption = await spread.locator('figcaption').innerText();
    expect(caption).toMatch(/^Lost updates over 5 trials: min [\d,]+, median [\d,]+, max [\d,]+$/);
    // Four threads racing through 4,000,000 increments five times: some trial loses updates.
    const max = Number(/max ([\d,]+)/.exec(caption)?.[1]?.replace(/,/g, ''));
    expect(max).toBeGreaterThan(0);
    expect(await page.getByTestId('over-trials').innerText()).toMatch(
      /^updates lost in [1-5] of 5 trials \(median [\d,]+\)$/,
    );
    await page.screenshot({ path: await screenshotPath('web-desktop.png') });
  });

  it('compares all four strategies on the same settings', async () => {
    const page = await open();
    await setNumber(page, 'workers', '4');
    await setNumber(page, 'iterations', '200000');
    await page.getByRole('button', { name: 'Compare all four' }).click();
    const table = page.getByTestId('compare-table');
    for (const strategy of ['none', 'mutex', 'spinlock', 'atomic']) {
      await table.locator(`tr[data-strategy="${strategy}"][data-status="completed"]`).waitFor({ timeout: RUN_MS });
    }
    for (const strategy of ['mutex', 'spinlock', 'atomic']) {
      const row = table.locator(`tr[data-strategy="${strategy}"]`);
      expect(await row.locator('td').first().innerText()).toBe('800,000');
      expect(await row.locator('td').last().innerText()).toBe('exact');
    }
    const race = Number((await table.locator('tr[data-strategy="none"] td').first().innerText()).replace(/,/g, ''));
    expect(race).toBeLessThanOrEqual(800_000);
    // Fairness, next to the throughput: the lock strategies' figures exactly as the API gives them.
    for (const strategy of ['none', 'mutex', 'spinlock', 'atomic']) {
      const row = table.locator(`tr[data-strategy="${strategy}"]`);
      const run = (await (
        await fetch(`${started.server.url}/runs/${await row.getAttribute('data-run-id')}`)
      ).json()) as Run;
      const fairness = (run.result?.trials.at(-1) as { fairness?: { jainIndex: number; leastShare: number } })
        ?.fairness;
      const shown = await row.getByTestId('fairness-cell').innerText();
      if (strategy === 'none' || strategy === 'atomic' || !fairness) expect(shown, strategy).toBe('—');
      else {
        expect(shown, strategy).toBe(
          `Jain ${fairness.jainIndex.toFixed(2)} · least ${fairness.leastShare.toFixed(2)}×`,
        );
      }
    }
  });

  it('cancels a long run, live in its permalink, from the recent runs', async () => {
    const page = await open();
    await page.locator('#strategy').selectOption('spinlock');
    await setNumber(page, 'workers', '4');
    await setNumber(page, 'iterations', '100000000');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('section.live[data-status="running"]').waitFor({ timeout: RUN_MS });
    const id = new URL(page.url()).searchParams.get('run');
    expect(id).toBeTruthy();

    // The permalink, opened afresh, follows the run live and shows its settings.
    await page.goto(`${started.server.url}/?run=${id}`);
    await page.locator('section.live[data-status="running"]').waitFor({ timeout: RUN_MS });
    await page.getByTestId('live-counter').filter({ hasNotText: /^0 \// }).waitFor({ timeout: RUN_MS });
    expect(await page.locator('#iterations').inputValue()).toBe('100000000');
    // Live, and never redrawn more than ~10 times a second: six changes of the counter take ≥ 5 frames.
    const sixChanges = await page.getByTestId('live-counter').evaluate(
      (counter) =>
        new Promise<number>((resolve) => {
          const seen: number[] = [];
          new MutationObserver((_, observer) => {
            seen.push(performance.now());
            if (seen.length < 6) return;
            observer.disconnect();
            resolve((seen[5] ?? 0) - (seen[0] ?? 0));
          }).observe(counter, { subtree: true, characterData: true, childList: true });
        }),
    );
    expect(sixChanges).toBeGreaterThanOrEqual(5 * 100 * 0.9);

    await page
      .locator(`[data-run-id="${id}"]`)
      .getByRole('button', { name: /^Cancel/ })
      .click();
    await page.locator('section.live[data-status="cancelled"]').waitFor({ timeout: RUN_MS });
    expect(await page.getByTestId('run-status').innerText()).toMatch(/^Cancelled/);
    await page.locator(`[data-run-id="${id}"][data-status="cancelled"]`).waitFor({ timeout: RUN_MS });
  });

  it("shows the API's message next to the field it names", async () => {
    const page = await open();
    guarded?.expectStatus(400);
    await setNumber(page, 'workers', '999');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const error = page.locator('#workers-error');
    await error.filter({ hasText: /\S/ }).waitFor({ timeout: RUN_MS });
    // The very words the API answers with, for the field it names.
    const answer = await fetch(`${started.server.url}/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workers: 999 }),
    });
    const { error: body } = (await answer.json()) as { error: { details: { field: string; message: string }[] } };
    expect(await error.innerText()).toBe(body.details.find((detail) => detail.field === 'workers')?.message);
    expect(await page.locator('#workers').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#iterations-error').innerText()).toBe('');
  });

  it("runs the same experiment in this browser's Web Workers, beside the server's result", async () => {
    const page = await open();
    await page.getByRole('button', { name: 'Run on the server and in this browser' }).click();
    const table = page.getByTestId('side-by-side');
    await table.waitFor({ timeout: RUN_MS });
    expect(await page.getByTestId('where-line').innerText()).toMatch(
      /^server: 10 threads on Node v\d+\.\d+\.\d+ · this browser: 10 Web Workers on Chromium \d+$/,
    );
    const row = (label: string) => table.locator('tr', { has: page.getByRole('rowheader', { name: label }) });
    for (const column of ['server', 'this browser']) {
      expect(await row('Final counter').locator(`td[data-column="${column}"]`).innerText()).toBe('1,000,000');
      expect(await row('Status').locator(`td[data-column="${column}"]`).innerText()).toBe('exact');
    }
  });

  it('runs from the keyboard alone, with the focus always visible', async () => {
    const page = await open();
    const focusOn = async (selector: string) => {
      for (let presses = 0; presses < 30; presses++) {
        if (await page.locator(selector).evaluate((element) => element === document.activeElement)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    await focusOn('#workers');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('4');
    await focusOn('#run-button');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.getByTestId('final-counter').waitFor({ timeout: RUN_MS });
    expect(await page.getByTestId('final-counter').innerText()).toBe('Final counter: 400000');
  });

  it('fits a 375 px phone without sideways scrolling, every panel, in light and dark', async () => {
    const fits = async (page: Page, what: string) => {
      const [scrollWidth, innerWidth] = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        window.innerWidth,
      ]);
      expect(scrollWidth, what).toBeLessThanOrEqual(innerWidth ?? 0);
    };
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await open({ viewport: { width: 375, height: 812 }, colorScheme, isMobile: true });
      await fits(page, `${colorScheme}: before a run`);
      await page.locator('#strategy').selectOption('none');
      await setNumber(page, 'trials', '3');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.locator('section.live[data-status="completed"]').waitFor({ timeout: RUN_MS });
      await page.locator('section.live summary', { hasText: 'curl' }).click();
      await page.locator('section.live summary', { hasText: 'JSON' }).click();
      await fits(page, `${colorScheme}: a run, its JSON and curl open`);
      // The live panel at the top of the screen: the part a phone user scrolls to.
      await page.locator('section.live').evaluate((element) => element.scrollIntoView());
      await page.screenshot({ path: await screenshotPath(`web-${colorScheme === 'dark' ? 'dark' : 'phone'}.png`) });
      await setNumber(page, 'trials', '1');
      await setNumber(page, 'iterations', '10000');
      if (colorScheme === 'light') {
        await page.getByRole('button', { name: 'Compare all four' }).click();
        await page.locator('tr[data-strategy="atomic"][data-status="completed"]').waitFor({ timeout: RUN_MS });
        await fits(page, 'light: the comparison');
        const { consoleErrors, offOrigin } = guarded ?? { consoleErrors: [], offOrigin: [] };
        expect([consoleErrors, offOrigin]).toEqual([[], []]);
        await guarded?.close();
        guarded = undefined;
      } else {
        await page.getByRole('button', { name: 'Run on the server and in this browser' }).click();
        await page.getByTestId('side-by-side').waitFor({ timeout: RUN_MS });
        await fits(page, 'dark: server and browser side by side');
      }
    }
  });
});
