import { ApiErrorSchema, RUN_SUMMARY_COLUMNS, StoredRunSchema } from '@racelab/schema';
import type { RunStore } from '@racelab/store';
import { makeStoredRun } from '@racelab/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createStoreTestApp,
  LONG_RUN,
  postJson,
  readSse,
  tempSqliteStore,
  waitUntil,
} from '../../test/support/test-app.js';
import { RunListSchema, RunSchema } from '../api-schemas.js';

const file = await tempSqliteStore();
let store: RunStore;
let test: ReturnType<typeof createStoreTestApp>;

// 120 runs of every shape, one minute apart, newest last; plus the runs the tests make.
const SEEDED = Array.from({ length: 120 }, (_, index) =>
  makeStoredRun({
    id: `seed-${String(index).padStart(3, '0')}`,
    createdAt: new Date(Date.parse('2026-11-01T00:00:00Z') + index * 60_000).toISOString(),
    strategy: (['none', 'mutex', 'spinlock', 'atomic'] as const)[index % 4],
    host: index % 3 === 0 ? 'lab-1' : 'lab-2',
    source: index % 5 === 0 ? 'cli' : 'api',
    runtime: index % 2 === 0 ? 'node' : 'bun',
    status: index === 7 ? 'failed' : 'completed',
  }),
);

beforeAll(async () => {
  store = await file.open();
  for (const run of SEEDED) await store.save(run);
  test = createStoreTestApp(store, {}, { host: 'here' });
});

afterAll(async () => {
  await test.queue.close();
  await file.remove();
});

async function page(query: string) {
  const response = await test.app.request(`/runs${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return RunListSchema.parse(await response.json());
}

describe('GET /runs from the store', () => {
  it('pages through every run, newest first, with a stable cursor', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { runs, nextCursor } = await page(`?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      ids.push(...runs.map((run) => run.id));
      cursor = nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(ids).toEqual(SEEDED.map((run) => run.id).reverse());
  });

  it('narrows by each filter, and by several at once', async () => {
    const all = (query: string) => page(`${query}&limit=100`).then(({ runs }) => runs);
    expect((await all('?strategy=none')).every((run) => run.config.strategy === 'none')).toBe(true);
    expect(await all('?strategy=none')).toHaveLength(30);
    expect((await all('?status=failed')).map((run) => run.id)).toEqual(['seed-007']);
    expect((await all('?host=lab-1')).every((run) => run.host === 'lab-1')).toBe(true);
    expect(await all('?source=cli')).toHaveLength(24);
    expect((await all('?runtime=bun')).every((run) => run.result?.environment.runtime?.name === 'bun')).toBe(true);
    expect(await all('?since=2026-11-01T01:00:00Z')).toHaveLength(60);
    expect(await all('?until=2026-11-01T00:10:00.000Z')).toHaveLength(10);
    const combined = await all('?strategy=mutex&host=lab-1&since=2026-11-01T00:30:00Z');
    expect(combined.length).toBeGreaterThan(0);
    for (const run of combined) {
      expect([run.config.strategy, run.host]).toEqual(['mutex', 'lab-1']);
      expect(Date.parse(run.createdAt)).toBeGreaterThanOrEqual(Date.parse('2026-11-01T00:30:00Z'));
    }
    expect(await all('?group=nothing-here')).toEqual([]);
  });

  it.each([
    ['?strategy=semaphore', 'strategy'],
    ['?status=done', 'status'],
    ['?runtime=java', 'runtime'],
    ['?source=mail', 'source'],
    ['?since=yesterday', 'since'],
    ['?until=2026-13-45', 'until'],
    ['?limit=101', 'limit'],
    ['?limit=0', 'limit'],
    ['?host=', 'host'],
    ['?format=xml', 'format'],
    ['?strategy=none&strategy=mutex', 'strategy'],
    ["?host=' OR 1=1 --&limit=1x", 'limit'],
  ])('answers %s with 400 naming %s', async (query, field) => {
    const response = await test.app.request(`/runs${query}`);
    expect(response.status).toBe(400);
    const body = ApiErrorSchema.parse(await response.json());
    expect(body.error.details?.map((detail) => detail.field)).toContain(field);
  });

  it('refuses an unknown parameter and a forged cursor with 400', async () => {
    const unknown = ApiErrorSchema.parse(await (await test.app.request('/runs?colour=red')).json());
    expect(unknown.error.message).toContain('colour');
    const forged = await test.app.request('/runs?cursor=bm90LWEtY3Vyc29y');
    expect(forged.status).toBe(400);
    expect(ApiErrorSchema.parse(await forged.json()).error.code).toBe('invalid_cursor');
  });

  it('treats SQL in a filter as a plain label', async () => {
    for (const host of ["lab-1' OR '1'='1", 'lab-1"; drop table runs; --', '%', '_']) {
      expect((await page(`?host=${encodeURIComponent(host)}`)).runs).toEqual([]);
    }
    expect((await page('?limit=100')).runs.length).toBe(100);
  });

  it('streams every match as CSV: a header of the summary columns, then one row a run', async () => {
    const response = await test.app.request('/runs?format=csv&strategy=atomic');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(RUN_SUMMARY_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + 30);
    expect(lines[1]?.startsWith('seed-119,')).toBe(true);
  });

  it('streams every match as NDJSON, past one page', async () => {
    const response = await test.app.request('/runs?format=ndjson');
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const runs = (await response.text())
      .trimEnd()
      .split('\n')
      .map((line) => RunSchema.parse(JSON.parse(line)));
    expect(runs.length).toBeGreaterThanOrEqual(SEEDED.length);
    expect(new Set(runs.map((run) => run.id)).size).toBe(runs.length);
  });
});

describe('runs made here', () => {
  it('are stored queued, running and ended, with source api, this host and a client hash', async () => {
    const response = await postJson(
      test.app,
      '/runs',
      { strategy: 'mutex', workers: 2, iterations: 1_000 },
      {
        authorization: 'Bearer someone-s-secret-token-123',
      },
    );
    const run = RunSchema.parse(await response.json());
    const queued = await store.get(run.id);
    expect(queued && ['queued', 'running', 'completed'].includes(queued.status)).toBe(true);
    await test.queue.get(run.id).whenEnded;
    const stored = StoredRunSchema.parse(await store.get(run.id));
    expect(stored).toMatchObject({ status: 'completed', source: 'api', host: 'here', verified: true });
    expect(stored.result?.trials[0]?.actual).toBe(2_000);
    expect(stored.result?.environment.host).toBe('here');
    expect(stored.client).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(stored)).not.toContain('someone-s-secret');
    const listed = await page('?host=here&limit=1');
    expect(listed.runs[0]?.id).toBe(run.id);
    expect(listed.runs[0]).not.toHaveProperty('client');
  });

  it('show their live state in the list while running', async () => {
    const response = await postJson(test.app, '/runs', LONG_RUN);
    const run = RunSchema.parse(await response.json());
    await waitUntil(() => test.queue.get(run.id).progress !== undefined);
    const listed = (await page('?limit=1')).runs[0];
    expect(listed?.id).toBe(run.id);
    expect(listed?.status).toBe('running');
    expect(listed?.progress).toBeDefined();
    await test.app.request(`/runs/${run.id}`, { method: 'DELETE' });
    expect((await store.get(run.id))?.status).toBe('cancelled');
  });
});

describe('after a restart', () => {
  it('answers GET /runs/{id} and its events from the store, 404 for an unknown id', async () => {
    const submitted = RunSchema.parse(
      await (await postJson(test.app, '/runs?wait=true', { strategy: 'none', workers: 2, iterations: 10_000 })).json(),
    );
    const restarted = createStoreTestApp(await file.open(), {}, { host: 'here' });
    try {
      const response = await restarted.app.request(`/runs/${submitted.id}`);
      expect(response.status).toBe(200);
      expect(RunSchema.parse(await response.json())).toMatchObject({ id: submitted.id, status: 'completed' });
      const events = await restarted.app.request(`/runs/${submitted.id}/events`);
      const seen: string[] = [];
      for await (const event of readSse(events.body as ReadableStream<Uint8Array>))
        seen.push(`${event.event}#${event.id}`);
      expect(seen).toEqual(['run#0', 'result#end']);
      // Resuming works on a run read back from the store, as on a live one.
      const resume = (lastEventId: string) =>
        restarted.app.request(`/runs/${submitted.id}/events`, { headers: { 'last-event-id': lastEventId } });
      expect((await resume('end')).status).toBe(204);
      const afterRun: string[] = [];
      for await (const event of readSse((await resume('0')).body as ReadableStream<Uint8Array>))
        afterRun.push(event.event);
      expect(afterRun).toEqual(['result']);
      // A sample id from before the restart is one this server never sent: the stream starts over.
      const over: string[] = [];
      for await (const event of readSse((await resume('42')).body as ReadableStream<Uint8Array>))
        over.push(event.event);
      expect(over).toEqual(['run', 'result']);
      expect((await restarted.app.request('/runs/no-such-run')).status).toBe(404);
      expect((await restarted.app.request('/runs/no-such-run/events')).status).toBe(404);
      const cancel = await restarted.app.request(`/runs/${submitted.id}`, { method: 'DELETE' });
      expect(cancel.status).toBe(409);
    } finally {
      await restarted.queue.close();
    }
  });
});
