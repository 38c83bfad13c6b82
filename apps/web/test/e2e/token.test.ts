import { engineAvailable } from '@racelab/test-support';
import { describe, expect, it } from 'vitest';
import { openGuardedPage, useChromiumAndApi } from './browser.js';

const HAVE_CHROMIUM = engineAvailable('chromium', 'web e2e: the token prompt');

const TOKEN = 'racelab-e2e-token-0123456789abcdef';

describe.skipIf(!HAVE_CHROMIUM)('the page on a server that needs a token', () => {
  const started = useChromiumAndApi({ RACELAB_API_TOKEN: TOKEN });

  it('asks for the token once, then sends it as the bearer token', async () => {
    const guarded = await openGuardedPage(started.browser, started.server.url);
    guarded.expectStatus(401);
    const { page } = guarded;
    try {
      await page.goto(`${started.server.url}/`);
      await page.locator('#iterations').fill('1000');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'This server needs a token' });
      await dialog.getByText('this server requires a token to start or cancel runs').waitFor({ timeout: 30_000 });
      // A wrong token is refused by the server, and the page asks again with its reason.
      await dialog.getByLabel('API token').fill('not-the-right-token-at-all');
      await dialog.getByRole('button', { name: 'Use token' }).click();
      await dialog.getByText('does not carry a valid Bearer token').waitFor({ timeout: 30_000 });
      await dialog.getByLabel('API token').fill(TOKEN);
      await dialog.getByRole('button', { name: 'Use token' }).click();
      await page.getByTestId('final-counter').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('final-counter').innerText()).toBe('Final counter: 10000');

      // Asked once: the next run goes straight through.
      await page.locator('#iterations').fill('2000');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.getByTestId('final-counter').filter({ hasText: 'Final counter: 20000' }).waitFor({ timeout: 30_000 });
      expect(await dialog.isVisible()).toBe(false);
      expect(guarded.consoleErrors).toEqual([]);
      expect(guarded.offOrigin).toEqual([]);
    } finally {
      await guarded.close();
    }
  });
});
