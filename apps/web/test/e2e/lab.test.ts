import type { Run } from '@racelab/api';
import { createTestDatabase, type PostgresServer, startPostgresServer } from '@racelab/store/testing';
import { engineAvailable, launchChromium } from '@racelab/test-support';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApiServer } from './api-server.js';
import { type GuardedPage, openGuardedPage, screenshotPath } from './browser.js';

const RUN_MS = 45_000;

const HAVE_CHROMIUM = engineAvailable('chromium', 'web e2e: a lab of two hosts (host picker, cross-host comparison)');

/** A throwaway PostgreSQL for the lab (its own data folder and port), as the store's suites start one. */
const postgres: PostgresServer | undefined = HAVE_CHROMIUM
  ? await startPostgresServer().catch(() => undefined)
  : undefined;
if (HAVE_CHROMIUM && !postgres) {
  const message = 'web e2e: a lab of two hosts: no PostgreSQL found (initdb)';
  if (process.env.CI) throw new Error(message);
  console.warn(`${message}: skipped; apt-get install postgresql to run it`);
}

const HOSTS = [
  { name: 'lab-a', address: '127.0.0.1' },
  { name: 'lab-b', address: '127.0.0.2' },
] as const;

describe.skipIf(!HAVE_CHROMIUM || !postgres)('a lab of two hosts in the page, in Chromium', () => {
  const servers = new Map<string, ApiServer>();
  let lone: ApiServer | undefined;
  let browser: Browser;
  let guarded: GuardedPage | undefined;

  const urlOf = (name: string) => servers.get(name)?.url ?? '';

  beforeAll(async () => {
    const database = await createTestDatabase((postgres as PostgresServer).url, 'weblab');
    browser = await launchChromium();
    // One after the other: the first host migrates the database, the second finds it done.
    for (const { name, address } of HOSTS) {
      const args = ['--database', database.url, '--host-name', name, '--lease-seconds', '10'];
      servers.set(name, await startApiServer({ RACELAB_DATABASE_URL: '' }, { address, args }));
    }
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([...servers.values(), ...(lone ? [lone] : [])].map((server) => server.stop()));
    await postgres?.remove();
  });
  afterEach(async () => {
    const { consoleErrors = [], offOrigin = [] } = guarded ?? {};
    await guarded?.close();
    guarded = undefined;
    expect(consoleErrors).toEqual([]);
    expect(offOrigin).toEqual([]);
  });

  async function open(url: string): Promise<Page> {
    guarded = await openGuardedPage(browser, url);
    await guarded.page.goto(`${url}/`);
    return guarded.page;
  }

  async function group(id: string): Promise<Run[]> {
    const response = await fetch(`${urlOf('lab-b')}/runs?group=${encodeURIComponent(id)}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { runs: Run[] }).runs;
  }

  it('runs on every live host from host A and compares the group, one row per host, with the API’s figures', async () => {
    const page = await open(urlOf('lab-a'));
    const picker = page.getByRole('group', { name: 'Hosts' });
    await picker.waitFor();
    for (const { name } of HOSTS) expect(await picker.getByRole('checkbox', { name }).isEnabled()).toBe(true);
    await page.locator('#strategy').selectOption('none');
    await page.locator('#workers').fill('4');
    await page.locator('#iterations').fill('1000000');
    await page.locator('#trials').fill('3');
    await picker.getByRole('radio', { name: /Every live host \(2\)/ }).check();
    await page.locator('#run-button').click();

    const table = page.getByTestId('group-table');
    await table.waitFor({ timeout: RUN_MS });
    await page.waitForFunction(
      () => {
        const rows = [...document.querySelectorAll('[data-testid="group-table"] tbody tr')];
        return rows.length === 2 && rows.every((row) => row.getAttribute('data-status') === 'completed');
      },
      undefined,
      { timeout: RUN_MS },
    );
    const groupId = new URL(page.url()).searchParams.get('group') ?? '';
    expect(groupId).not.toBe('');
    // Read back from the other host: one run on each, exactly.
    const runs = await group(groupId);
    expect(runs.map((run) => run.host).sort()).toEqual(['lab-a', 'lab-b']);
    for (const run of runs) {
      expect(run.status).toBe('completed');
      const row = table.locator(`tr[data-host="${run.host}"]`);
      const lost = run.result?.trials.map((trial) => trial.lostUpdates) ?? [];
      expect(lost).toHaveLength(3);
      // Never more lost than there were updates; the page shows the API's own numbers per trial.
      for (const each of lost) expect(each).toBeLessThanOrEqual(4_000_000);
      expect(await row.getByTestId('trial-lost').innerText()).toBe(
        lost.map((each) => each.toLocaleString('en-US')).join(' · '),
      );
      expect(await row.locator('svg.lost-bars rect').count()).toBe(3);
      expect(await row.getByTestId('runtime-cell').innerText()).toMatch(/^Node v\d+\.\d+\.\d+\n\d+ cores?/);
      expect(await row.getByRole('link', { name: run.host ?? '' }).getAttribute('href')).toBe(`/?run=${run.id}`);
    }
    const comparison = page.getByRole('region', { name: /^Across hosts · none · / });
    await comparison.scrollIntoViewIfNeeded();
    await comparison.screenshot({ path: await screenshotPath('web-lab.png') });

    // The permalink reopens the comparison, on the other host too (a page of that origin).
    await guarded?.close();
    guarded = await openGuardedPage(browser, urlOf('lab-b'));
    await guarded.page.goto(`${urlOf('lab-b')}/?group=${encodeURIComponent(groupId)}`);
    const reopened = guarded.page.getByTestId('group-table').locator('tbody tr[data-status="completed"]');
    await reopened.nth(1).waitFor({ timeout: RUN_MS });
    expect(await reopened.count()).toBe(2);
  });

  it('runs on the one host ticked, and a lost host cannot be ticked', async () => {
    const page = await open(urlOf('lab-a'));
    const picker = page.getByRole('group', { name: 'Hosts' });
    await picker.getByRole('checkbox', { name: 'lab-b' }).check();
    await page.locator('#strategy').selectOption('atomic');
    await page.locator('#workers').fill('2');
    await page.locator('#iterations').fill('1000');
    await page.locator('#trials').fill('1');
    await page.locator('#run-button').click();
    await page.getByTestId('final-counter').waitFor({ timeout: RUN_MS });
    const id = new URL(page.url()).searchParams.get('run') ?? '';
    const response = await fetch(`${urlOf('lab-a')}/runs/${id}`);
    const run = (await response.json()) as Run;
    expect(run).toMatchObject({ host: 'lab-b', status: 'completed' });
    expect(run.result?.trials[0]?.actual).toBe(2_000);

    // lab-b stops cleanly: the lab marks it lost, and the picker (read again) will not send runs there.
    await servers.get('lab-b')?.stop();
    servers.delete('lab-b');
    await page.reload();
    const lost = page.getByRole('group', { name: 'Hosts' }).getByRole('checkbox', { name: 'lab-b' });
    await lost.waitFor();
    await page.waitForFunction(
      () => (document.querySelector('input[name="host"][value="lab-b"]') as HTMLInputElement | null)?.disabled === true,
      undefined,
      { timeout: RUN_MS },
    );
    expect(await page.getByRole('radio', { name: /Every live host \(1\)/ }).isEnabled()).toBe(true);
  });

  it('shows no host picker on a server that is not in a lab', async () => {
    lone = await startApiServer({}, { address: '127.0.0.3' });
    const page = await open(lone.url);
    await page.locator('#run-button').waitFor();
    // GET /hosts has answered (this server alone) by the time the recent runs have.
    const hosts = await fetch(`${lone.url}/hosts`).then((response) => response.json() as Promise<{ hosts: unknown[] }>);
    expect(hosts.hosts).toHaveLength(1);
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('group', { name: 'Hosts' }).count()).toBe(0);
  });
});
