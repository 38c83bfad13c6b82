import { runExperiment } from '@racelab/core';
import { summarize } from '@racelab/core/internal';
import { ApiErrorSchema, type ExperimentResult, StoredRunSchema } from '@racelab/schema';
import type { RunStore } from '@racelab/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreTestApp, postJson, TEST_CLIENT_HEADER, tempSqliteStore } from '../../test/support/test-app.js';
import { RunListSchema, RunSchema } from '../api-schemas.js';

const file = await tempSqliteStore();
let store: RunStore;
let test: ReturnType<typeof createStoreTestApp>;
let measured: ExperimentResult;

beforeAll(async () => {
  store = await file.open();
  test = createStoreTestApp(store, { maxResultsPerMinute: 1_000 });
  // A real result, measured here as another machine would: its numbers hold together by construction.
  measured = await runExperiment({ strategy: 'none', workers: 2, iterations: 20_000, trials: 3 });
});

afterAll(async () => {
  await test.queue.close();
  await file.remove();
});

let nextId = 0;
function fresh(change: (result: ExperimentResult) => void = () => {}): ExperimentResult {
  const result = structuredClone(measured);
  result.id = `sent-${nextId++}`;
  change(result);
  return result;
}

async function problems(body: unknown): Promise<{ code: string; fields: string[] }> {
  const response = await postJson(test.app, '/results', body);
  expect(response.status).toBe(400);
  const { error } = ApiErrorSchema.parse(await response.json());
  return { code: error.code, fields: (error.details ?? []).map((detail) => detail.field) };
}

/** Twice the expected total, every other number made to agree with it: only `expected` is wrong. */
function doubleExpected(result: ExperimentResult): void {
  result.expected *= 2;
  for (const trial of result.trials) trial.lostUpdates = result.expected - trial.actual;
  result.summary = summarize(result.trials, result.config.trials);
}

describe('POST /results', () => {
  it('stores a consistent result unverified, answering 201 with the run and its Location', async () => {
    const result = fresh();
    const response = await postJson(test.app, '/results', result, { [TEST_CLIENT_HEADER]: '10.0.0.7' });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(`/runs/${result.id}`);
    const run = RunSchema.parse(await response.json());
    expect(run).toMatchObject({ id: result.id, status: 'completed', source: 'submitted', verified: false });
    expect(run.result?.summary).toEqual(result.summary);
    const stored = StoredRunSchema.parse(await store.get(result.id));
    expect(stored.client).toMatch(/^[0-9a-f]{16}$/);
    expect(stored.client).not.toContain('10.0.0.7');
    const again = await test.app.request(`/runs/${result.id}`);
    expect(RunSchema.parse(await again.json()).verified).toBe(false);
  });

  it('stores a browser runtime’s result with source browser, and filters by it', async () => {
    const result = fresh((r) => {
      r.environment = { runtime: { name: 'browser', version: 'Chromium 156' }, platform: 'Linux x86_64', cpus: 8 };
    });
    expect((await postJson(test.app, '/results', result)).status).toBe(201);
    const list = RunListSchema.parse(await (await test.app.request('/runs?source=browser')).json());
    expect(list.runs.map((run) => run.id)).toEqual([result.id]);
  });

  it('answers a second result with the same id 409, and keeps the first', async () => {
    const result = fresh();
    expect((await postJson(test.app, '/results', result)).status).toBe(201);
    const twice = await postJson(test.app, '/results', {
      ...result,
      environment: { ...result.environment, host: 'x' },
    });
    expect(twice.status).toBe(409);
    expect(ApiErrorSchema.parse(await twice.json()).error.code).toBe('run_exists');
    expect((await store.get(result.id))?.result?.environment.host).toBe(result.environment.host);
  });

  it('records one of two concurrent posts of one id: exactly one 201 and one 409, the stored run the winner', async () => {
    const first = fresh();
    const second = { ...first, environment: { ...first.environment, host: 'the-other' } };
    const responses = await Promise.all([
      postJson(test.app, '/results', first),
      postJson(test.app, '/results', second),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    const loser = responses.find((response) => response.status === 409);
    expect(ApiErrorSchema.parse(await loser?.json()).error.code).toBe('run_exists');
    const winner = responses[0]?.status === 201 ? first : second;
    expect((await store.get(first.id))?.result?.environment.host).toBe(winner.environment.host);
  });

  it.each<[string, (result: ExperimentResult) => void, string]>([
    [
      'an actual above expected',
      (r) => Object.assign(r.trials[0] as object, { actual: r.expected + 1, lostUpdates: -1 }),
      'trials.0.actual',
    ],
    [
      'lostUpdates not expected − actual',
      (r) => Object.assign(r.trials[0] as object, { lostUpdates: 3 }),
      'trials.0.lostUpdates',
    ],
    ['expected not workers × iterations', doubleExpected, 'expected'],
    [
      'a median lost that its trials do not give',
      (r) => Object.assign(r.summary.lostUpdates as object, { median: -5 }),
      'summary.lostUpdates.median',
    ],
    [
      'a max throughput its trials do not give',
      (r) => Object.assign(r.summary.opsPerSecond as object, { max: 1 }),
      'summary.opsPerSecond.max',
    ],
    [
      'correct when updates were lost',
      (r) => Object.assign(r.summary, { correct: !r.summary.correct }),
      'summary.correct',
    ],
    ['more trials than asked', (r) => r.trials.push(structuredClone(r.trials[0]) as never), 'trials'],
    [
      'a trace that breaks its identity',
      (r) => {
        const trial = r.trials[0] as ExperimentResult['trials'][number];
        trial.trace = {
          repeatedReads: trial.lostUpdates + 1,
          readsAboveFinal: 0,
          rollbacks: { count: 0, erased: 0, biggest: [] },
        };
      },
      'trials.0.trace',
    ],
    ['an id that is no URL segment', (r) => Object.assign(r, { id: '../../etc' }), 'id'],
  ])('refuses %s with 400 naming the field', async (_what, change, field) => {
    const found = await problems(fresh(change));
    expect(found.fields).toContain(field);
  });

  it('refuses what is not a result with 400 invalid_result naming the fields', async () => {
    const missing = await problems({ id: 'x', status: 'completed' });
    expect(missing.code).toBe('invalid_result');
    expect(missing.fields).toEqual(expect.arrayContaining(['config', 'trials', 'summary']));
    expect((await problems(fresh((r) => Object.assign(r, { status: 'done' })))).fields).toContain('status');
  });

  it('takes a traced result under 1 MiB; past the cap it answers 413', async () => {
    const padded = fresh((r) => {
      const trial = r.trials[0] as ExperimentResult['trials'][number];
      // A trace as the schema has it, made big by its list of rollbacks (views stop at 500 points a worker).
      const biggest = Array.from({ length: 8_000 }, (_, i) => ({
        seenBy: i % 2,
        iteration: i,
        from: 10 * i + 5,
        to: 10 * i,
        erased: 5,
        writer: (i + 1) % 2,
      }));
      trial.trace = {
        repeatedReads: trial.lostUpdates,
        readsAboveFinal: 0,
        rollbacks: { count: biggest.length, erased: 5 * biggest.length, biggest },
        pairs: [
          [0, 1],
          [1, 0],
        ],
        views: [0, 1].map((worker) => ({
          worker,
          points: Array.from({ length: 500 }, (_, i): [number, number] => [i * 40, i * 80]),
        })),
      };
    });
    const body = JSON.stringify(padded);
    expect(body.length).toBeGreaterThan(512 * 1024);
    const answer = await postJson(test.app, '/results', body);
    expect(answer.status, await answer.clone().text()).toBe(201);
    const huge = `{"padding":"${'x'.repeat(test.queue.limits.maxResultBytes)}"}`;
    const tooBig = await postJson(test.app, '/results', huge);
    expect(tooBig.status).toBe(413);
    expect(ApiErrorSchema.parse(await tooBig.json()).error.code).toBe('payload_too_large');
  });

  it('limits each client to its results a minute: 429 with Retry-After, others still record', async () => {
    const limited = createStoreTestApp(await file.open(), { maxResultsPerMinute: 3 });
    try {
      const send = async (client: string) =>
        (await postJson(limited.app, '/results', fresh(), { [TEST_CLIENT_HEADER]: client })).status;
      expect([await send('a'), await send('a'), await send('a')]).toEqual([201, 201, 201]);
      const refused = await postJson(limited.app, '/results', fresh(), { [TEST_CLIENT_HEADER]: 'a' });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(ApiErrorSchema.parse(await refused.json()).error.code).toBe('too_many_results');
      expect(await send('b')).toBe(201);
    } finally {
      await limited.queue.close();
    }
  });

  it('needs the token on a server that has one', async () => {
    const guarded = createStoreTestApp(await file.open(), {}, { token: 'results-token-0123456789' });
    try {
      expect((await postJson(guarded.app, '/results', fresh())).status).toBe(401);
      const ok = await postJson(guarded.app, '/results', fresh(), { authorization: 'Bearer results-token-0123456789' });
      expect(ok.status).toBe(201);
    } finally {
      await guarded.queue.close();
    }
  });
});
