import { makeStoredRun } from '@racelab/store/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { tempSqliteStore } from '../../test/support/test-app.js';
import { RunListSchema } from '../api-schemas.js';
import { startServer } from '../server.js';

const file = await tempSqliteStore();
afterAll(() => file.remove());

async function count(): Promise<{ ended: number; live: number }> {
  const store = await file.open();
  try {
    let ended = 0;
    let live = 0;
    for await (const run of store.scan({})) {
      if (run.status === 'queued' || run.status === 'running') live++;
      else ended++;
    }
    return { ended, live };
  } finally {
    await store.close();
  }
}

describe('--keep-runs and --keep-days', () => {
  it('prune at start-up and after runs end, in the background, keeping the newest', async () => {
    const seed = await file.open();
    const old = Date.now() - 40 * 86_400_000;
    for (let index = 0; index < 12; index++) {
      const createdAt = new Date(old + index * 86_400_000 * 3).toISOString();
      await seed.save(makeStoredRun({ id: `old-${index}`, createdAt, host: 'elsewhere' }));
    }
    // Another host's live run is never pruned.
    await seed.save(
      makeStoredRun({
        id: 'live-elsewhere',
        status: 'running',
        host: 'elsewhere',
        createdAt: new Date(old).toISOString(),
      }),
    );
    await seed.close();
    const server = await startServer({
      port: 0,
      log: false,
      store: await file.open(),
      hostName: 'pruning-host',
      retention: { keepRuns: 4, keepDays: 30 },
    });
    try {
      // 30 days keep the runs of days 30.., 4 runs keep the newest four of those.
      await expect.poll(async () => (await count()).ended, { timeout: 15_000 }).toBe(4);
      for (let index = 0; index < 3; index++) {
        const response = await fetch(`${server.url}/runs?wait=true`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ workers: 1, iterations: 10 }),
        });
        expect(response.status).toBe(200);
      }
      await expect.poll(async () => (await count()).ended, { timeout: 15_000 }).toBe(4);
      const newest = RunListSchema.parse(await (await fetch(`${server.url}/runs?limit=10`)).json());
      const hosts = newest.runs.map((run) => run.host);
      expect(hosts.filter((host) => host === 'pruning-host')).toHaveLength(3);
      expect((await count()).live).toBe(1);
    } finally {
      await server.close();
    }
  });
});
