import { engineAvailable } from '@racelab/test-support';
import { describe, expect, it } from 'vitest';
import { openGuardedPage, useChromiumAndApi } from './browser.js';

const HAVE_CHROMIUM = engineAvailable('chromium', 'web e2e: /docs');

describe.skipIf(!HAVE_CHROMIUM)('/docs in Chromium, with every other origin unreachable', () => {
  const started = useChromiumAndApi();

  it('renders the reference from the bundle and document the app serves', async () => {
    const guarded = await openGuardedPage(started.browser, started.server.url);
    try {
      await guarded.page.goto(`${started.server.url}/docs`);
      // Text that only exists once Scalar has fetched /openapi.json and rendered the operations.
      await guarded.page.getByText('Queue an experiment').first().waitFor({ timeout: 30_000 });
      await guarded.page.getByText('Follow a run live (Server-Sent Events)').first().waitFor({ timeout: 30_000 });
      // No toolbar whose Share and Deploy buttons lead to Scalar's own service.
      expect(await guarded.page.getByText('Developer Tools').count()).toBe(0);
      expect(guarded.offOrigin).toEqual([]);
      expect(guarded.consoleErrors).toEqual([]);
    } finally {
      await guarded.close();
    }
  });
});
