import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Run } from '@racelab/api';
import { engineAvailable } from '@racelab/test-support';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type GuardedPage, openGuardedPage, screenshotPath, useChromiumAndApi } from './browser.js';

const RUN_MS = 45_000;

const HAVE_CHROMIUM = engineAvailable('chromium', 'web e2e: the notebook (history, recorded browser runs)');

describe.skipIf(!HAVE_CHROMIUM)('the notebook in the page, in Chromium', () => {
  const folder = mkdtempSync(join(tmpdir(), 'racelab-web-history-'));
  // Registered first, so it runs last: after the server has stopped writing to the notebook.
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  // A notebook of its own, so the counts below are exactly this suite's runs.
  const started = useChromiumAndApi({ RACELAB_DATABASE_URL: join(folder, 'racelab.db') });
  let guarded: GuardedPage | undefined;

  /** Runs on the server, waited for: what the notebook holds before the page opens. */
  async function runOnServer(config: Record<string, unknown>): Promise<Run> {
    const response = await fetch(`${started.server.url}/runs?wait=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(config),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Run;
  }

  async function listed(query: string): Promise<Run[]> {
    const response = await fetch(`${started.server.url}/runs?${query}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { runs: Run[] }).runs;
  }

  afterEach(async () => {
    const { consoleErrors = [], offOrigin = [] } = guarded ?? {};
    await guarded?.close();
    guarded = undefined;
    expect(consoleErrors).toEqual([]);
    expect(offOrigin).toEqual([]);
  });

  async function open(): Promise<Page> {
    guarded = await openGuardedPage(started.browser, started.server.url);
    await guarded.page.goto(`${started.server.url}/`);
    return guarded.page;
  }

  async function runBoth(page: Page, workers: string): Promise<void> {
    await page.locator('#workers').fill(workers);
    await page.locator('#iterations').fill('10000');
    await page.getByRole('button', { name: 'Run on the server and in this browser' }).click();
    await page.getByTestId('side-by-side').waitFor({ timeout: RUN_MS });
  }

  it("records this browser's result on the server by default, and says where it went", async () => {
    const page = await open();
    const choice = page.getByRole('checkbox', { name: /Record this browser's result on the server/ });
    expect(await choice.isChecked()).toBe(true);
    await runBoth(page, '3');
    const status = page.getByTestId('record-status');
    await status.filter({ hasText: 'Recorded on this server as' }).waitFor({ timeout: RUN_MS });
    const recorded = await listed('source=browser');
    expect(recorded).toHaveLength(1);
    const [run] = recorded;
    expect(run).toMatchObject({ source: 'browser', verified: false, status: 'completed' });
    expect(run?.result?.environment.runtime?.name).toBe('browser');
    expect(run?.config).toMatchObject({ workers: 3, iterations: 10_000 });
    expect(await status.innerText()).toBe(`Recorded on this server as ${run?.id} (source browser, unverified).`);
    expect(await status.getByRole('link').getAttribute('href')).toBe(`/?run=${run?.id}`);
    // The recent runs, read from the notebook again, carry it with where it came from.
    const item = page.locator(`li.run-item[data-run-id="${run?.id}"]`);
    await item.waitFor();
    expect(await item.locator('.run-where').innerText()).toBe('browser · unverified');
  });

  it('the opt-out is visible, remembered across visits, and keeps the result in the tab', async () => {
    const page = await open();
    await page.getByRole('checkbox', { name: /Record this browser's result on the server/ }).uncheck();
    await page.reload();
    const choice = page.getByRole('checkbox', { name: /Record this browser's result on the server/ });
    expect(await choice.isChecked()).toBe(false);
    const before = (await listed('source=browser')).length;
    await runBoth(page, '2');
    await page.getByTestId('record-status').filter({ hasText: 'Not sent' }).waitFor({ timeout: RUN_MS });
    expect(await listed('source=browser')).toHaveLength(before);
    await choice.check();
  });

  it('History: filters, a chart grouped by runtime or host, and two runs side by side', async () => {
    // Something to chart: the race three times at a size where it loses updates, then each lock
    // (the spinlock smaller: on two busy cores a preempted holder stalls it).
    const races: Run[] = [];
    for (let index = 0; index < 3; index++) {
      races.push(await runOnServer({ strategy: 'none', workers: 4, iterations: 1_000_000 }));
    }
    const locked: Run[] = [];
    for (const [strategy, iterations] of [
      ['mutex', 1_000_000],
      ['atomic', 1_000_000],
      ['spinlock', 200_000],
    ] as const) {
      locked.push(await runOnServer({ strategy, workers: 4, iterations }));
    }
    for (const run of locked) expect(run.result?.trials[0]?.actual).toBe(4 * run.config.iterations);
    const none = await runOnServer({ strategy: 'none', workers: 2, iterations: 1000 });
    const mutex = await runOnServer({ strategy: 'mutex', workers: 2, iterations: 1000 });
    const page = await open();
    await page.getByRole('button', { name: 'Open the history' }).click();
    const panel = page.getByTestId('history');
    const rows = panel.getByTestId('history-runs').locator('tbody tr');
    await rows.first().waitFor();
    const total = (await listed('limit=100')).length;
    expect(await rows.count()).toBe(total);
    // Grouped by runtime: this server's Node and the browser the first test recorded.
    const legend = panel.getByTestId('history-legend');
    expect(await legend.innerText()).toMatch(/node v\d+/);
    expect(await legend.innerText()).toMatch(/Chrome \d+/);
    expect(await panel.getByTestId('history-lost').locator('circle').count()).toBe(total);
    await panel.getByRole('combobox', { name: 'Group the chart by' }).selectOption('host');
    expect(await legend.innerText()).not.toMatch(/node v/);

    await panel.getByRole('combobox', { name: 'Strategy' }).selectOption('none');
    await panel.getByRole('combobox', { name: 'Source' }).selectOption('api');
    await panel.getByRole('button', { name: 'Show runs' }).click();
    await page.waitForFunction(() => {
      const shown = [...document.querySelectorAll('[data-testid="history-runs"] tbody tr')];
      return shown.length > 0 && shown.every((row) => row.children[2]?.textContent === 'none');
    });
    expect(await panel.locator(`tr[data-run-id="${none.id}"]`).count()).toBe(1);
    expect(await panel.locator(`tr[data-run-id="${mutex.id}"]`).count()).toBe(0);

    // Back to every run: pick two, and they stand side by side.
    await panel.getByRole('combobox', { name: 'Strategy' }).selectOption('');
    await panel.getByRole('button', { name: 'Show runs' }).click();
    await panel.locator(`tr[data-run-id="${mutex.id}"]`).waitFor();
    await panel.getByRole('checkbox', { name: `Pick run ${none.id} to compare` }).check();
    await panel.getByRole('checkbox', { name: `Pick run ${mutex.id} to compare` }).check();
    const table = panel.getByTestId('runs-side-by-side');
    await table.waitFor();
    const row = (label: string) =>
      table.locator('tr', { has: page.getByRole('rowheader', { name: label, exact: true }) });
    expect(await row('strategy').locator('td').allInnerTexts()).toEqual(['none', 'mutex']);
    expect(await row('final counter').locator('td').nth(1).innerText()).toBe('2,000');
    expect(await row('source').locator('td').allInnerTexts()).toEqual(['api', 'api']);

    // Every run again, charted by runtime, a race beside the same size under the mutex: the README's picture.
    await panel.getByRole('combobox', { name: 'Source' }).selectOption('');
    await panel.getByRole('combobox', { name: 'Group the chart by' }).selectOption('runtime');
    await panel.getByRole('button', { name: 'Show runs' }).click();
    await page.waitForFunction(
      (count) => document.querySelectorAll('[data-testid="history-runs"] tbody tr').length === count,
      total,
    );
    const groups = await legend.locator('li').allInnerTexts();
    expect(groups).toHaveLength(2);
    expect(groups).toEqual(
      expect.arrayContaining([expect.stringMatching(/node v\d+/), expect.stringMatching(/Chrome \d+/)]),
    );
    // The race that lost the most (it may have lost nothing on a busy machine: that is the race too).
    const lost = (run: Run) => run.result?.summary.lostUpdates?.median ?? 0;
    const race = races.reduce((most, run) => (lost(run) > lost(most) ? run : most));
    await panel.getByRole('checkbox', { name: `Pick run ${race.id} to compare` }).check();
    await panel.getByRole('checkbox', { name: `Pick run ${locked[0]?.id} to compare` }).check();
    await table.waitFor();
    expect(await row('strategy').locator('td').allInnerTexts()).toEqual(['none', 'mutex']);
    expect(await row('final counter').locator('td').nth(1).innerText()).toBe('4,000,000');
    await panel.screenshot({ path: await screenshotPath('web-history.png') });
  });

  it('History: a filter the server refuses is shown with its message', async () => {
    const page = await open();
    guarded?.expectStatus(400);
    await page.getByRole('button', { name: 'Open the history' }).click();
    const panel = page.getByTestId('history');
    await panel.getByRole('textbox', { name: 'Host' }).fill('h'.repeat(201));
    await panel.getByRole('button', { name: 'Show runs' }).click();
    const alert = panel.getByRole('alert');
    await alert.waitFor();
    // The API's own words, naming the field and its bounds.
    expect(await alert.innerText()).toMatch(/host: must be a host label of 1 to 200 characters/);
  });

  it('Recent runs pages through the notebook with "More runs"', async () => {
    const already = (await listed('limit=100')).length;
    for (let index = already; index < 22; index++) await runOnServer({ strategy: 'atomic', workers: 1, iterations: 1 });
    const page = await open();
    const items = page.getByTestId('recent-runs').locator('li');
    await items.nth(19).waitFor();
    expect(await items.count()).toBe(20);
    await page.getByRole('button', { name: 'More runs' }).first().click();
    await items.nth(20).waitFor();
    expect(await items.count()).toBe((await listed('limit=100')).length);
  });
});
