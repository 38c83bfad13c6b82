import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiErrorSchema } from '@racelab/schema';
import { openRunStore } from '@racelab/store';
import { type PostgresServer, startPostgresServer } from '@racelab/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreTestApp, LONG_RUN, postJson, waitUntil } from '../../test/support/test-app.js';
import { RunListSchema, RunSchema } from '../api-schemas.js';
import { startServer } from '../server.js';

// Its own throwaway server, not the suite's: this test stops and starts it.
const server: PostgresServer | undefined = await startPostgresServer();
if (!server) {
  const missing = 'no PostgreSQL found (initdb in RACELAB_PG_BINDIR, pg_config --bindir or /usr/lib/postgresql/*/bin)';
  if (process.env.CI === 'true') throw new Error(`${missing}: CI must test the API against PostgreSQL`);
  console.log(`PostgreSQL down test skipped: ${missing}; apt-get install postgresql to run it`);
}

afterAll(async () => {
  await server?.remove();
});

const BUFFER = 4;
const TINY = { strategy: 'mutex', workers: 2, iterations: 1_000 } as const;

describe.skipIf(!server)('the API while PostgreSQL is down', () => {
  let test: ReturnType<typeof createStoreTestApp>;

  beforeAll(async () => {
    const store = await openRunStore((server as PostgresServer).url, { connectTimeoutMs: 1_000 });
    test = createStoreTestApp(store, { storeBufferRuns: BUFFER, maxQueuedRuns: 50, maxQueuedRunsPerClient: 50 });
  });

  afterAll(async () => {
    await test?.queue.close();
  });

  it('finishes and answers runs, answers history 503, buffers results, refuses runs when full, writes them back', async () => {
    const pg = server as PostgresServer;
    // A run that holds the queue until cancelled, and one waiting behind it that will run entirely while PostgreSQL is down.
    const gate = RunSchema.parse(await (await postJson(test.app, '/runs', LONG_RUN)).json());
    await waitUntil(() => test.queue.get(gate.id).status === 'running');
    const behind = postJson(test.app, '/runs?wait=true', TINY);
    await waitUntil(() => test.queue.queuedCount === 1);

    await pg.stop();
    expect((await test.app.request(`/runs/${gate.id}`, { method: 'DELETE' })).status).toBe(200);
    const finished = await behind;
    expect(finished.status).toBe(200);
    const finishedRun = RunSchema.parse(await finished.json());
    expect(finishedRun.result?.trials[0]?.actual).toBe(2_000);
    expect(test.queue.keeper.unavailable).toBe(true);

    // The API stays up; history reads say why they cannot answer, in the contract's body.
    expect((await test.app.request('/health')).status).toBe(200);
    const history = await test.app.request('/runs');
    expect(history.status).toBe(503);
    expect(history.headers.get('retry-after')).toBeTruthy();
    const { error } = ApiErrorSchema.parse(await history.json());
    expect(error.code).toBe('store_unavailable');
    expect(error.message).not.toContain('127.0.0.1');
    expect((await test.app.request('/runs?format=csv')).status).toBe(503);
    // A run held in memory still answers.
    expect((await test.app.request(`/runs/${finishedRun.id}`)).status).toBe(200);

    // More runs finish into the buffer until it is full; then new runs are refused, not run and lost.
    const answered = [gate.id, finishedRun.id];
    let refused: Response | undefined;
    for (let attempt = 0; attempt < BUFFER * 3 && !refused; attempt++) {
      const response = await postJson(test.app, '/runs?wait=true', TINY);
      if (response.status === 503) refused = response;
      else answered.push(RunSchema.parse(await response.json()).id);
    }
    expect(refused, 'a full buffer refuses new runs').toBeDefined();
    expect(ApiErrorSchema.parse(await refused?.json()).error.code).toBe('store_unavailable');
    expect(test.queue.keeper.buffered).toBeGreaterThanOrEqual(BUFFER);
    expect(answered.length).toBeLessThanOrEqual(BUFFER + 1);

    // Back: every buffered run is written, history answers, runs start again.
    await pg.start();
    await waitUntil(() => test.queue.keeper.buffered === 0, 30_000);
    expect(test.queue.keeper.unavailable).toBe(false);
    const listed = RunListSchema.parse(await (await test.app.request('/runs?limit=100')).json());
    for (const id of answered) {
      const run = listed.runs.find((candidate) => candidate.id === id);
      expect(run?.status, id).toMatch(/^(completed|cancelled)$/);
      expect(run?.result, id).toBeDefined();
    }
    expect((await postJson(test.app, '/runs?wait=true', TINY)).status).toBe(200);
  });
});

describe.skipIf(!server)('a shutdown while PostgreSQL is down', () => {
  it('keeps the runs it could not write in a local file, and the next start writes them', async () => {
    const pg = server as PostgresServer;
    const folder = mkdtempSync(join(tmpdir(), 'racelab-spill-'));
    const spillFile = join(folder, 'unsaved.ndjson');
    const said: string[] = [];
    const options = {
      database: pg.url,
      lab: false,
      port: 0,
      spillFile,
      log: (line: string) => void said.push(line),
    } as const;
    try {
      const first = await startServer(options);
      await pg.stop();
      const answered = await fetch(`${first.url}/runs?wait=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(TINY),
      });
      expect(answered.status).toBe(200);
      const run = RunSchema.parse(await answered.json());
      expect(run.status).toBe('completed');
      await first.close();
      const kept = readFileSync(spillFile, 'utf8').trim().split('\n');
      expect(kept.map((line) => JSON.parse(line).id)).toContain(run.id);
      expect(said.join('\n')).toContain(`kept in ${spillFile}, written at the next start`);

      await pg.start();
      const second = await startServer(options);
      try {
        expect(existsSync(spillFile)).toBe(false);
        expect(said.join('\n')).toMatch(/wrote 1 runs kept from the last shutdown/);
        const stored = RunSchema.parse(await (await fetch(`${second.url}/runs/${run.id}`)).json());
        expect(stored).toMatchObject({ id: run.id, status: 'completed' });
        expect(stored.result?.trials[0]?.actual).toBe(2_000);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
