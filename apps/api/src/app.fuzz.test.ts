import { runExperiment } from '@racelab/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkAnswer,
  FUZZ_BODY_LIMIT,
  FUZZ_SEED,
  type FuzzRequest,
  fuzzRequestArbitrary,
  KNOWN_RUN,
} from '../test/support/fuzz-requests.js';
import { historyRequestArbitrary, resultRequestArbitrary } from '../test/support/fuzz-store-requests.js';
import {
  createStoreTestApp,
  createTestApp,
  postJson,
  type TestApp,
  tempSqliteStore,
  waitUntil,
} from '../test/support/test-app.js';
import { RunSchema } from './api-schemas.js';

// Configs that get through must stay tiny: at most 16 increments (so at most 16 threads), two waiting.
const LIMITS = { maxTotalIncrements: 16, maxQueuedRuns: 2, maxBodyBytes: FUZZ_BODY_LIMIT, runTimeoutMs: 5_000 };
const TOKEN = 'fuzz-token-0123456789abcdef';

const open = createTestApp(LIMITS);
const guarded = createTestApp(LIMITS, { token: TOKEN });
afterAll(() => Promise.all([open.queue.close(), guarded.queue.close()]));

interface Answer {
  status: number;
  problem: string | undefined;
  body: string;
}

async function send(app: TestApp, request: FuzzRequest, knownRun: string | undefined): Promise<Answer> {
  const path = request.path.replace(KNOWN_RUN, knownRun ?? 'no-run-yet');
  const response = await app.request(path, { method: request.method, headers: request.headers, body: request.body });
  const contentType = response.headers.get('content-type');
  // An event stream stays open until its run ends: the headers are the answer, then hang up.
  if (contentType?.startsWith('text/event-stream')) {
    await response.body?.cancel();
    return { status: response.status, problem: undefined, body: '' };
  }
  const body = await response.text();
  return { status: response.status, body, problem: checkAnswer(response.status, contentType, body, request.method) };
}

function isRunStart(request: FuzzRequest): boolean {
  return request.method === 'POST' && /^\/runs(\?|$)/.test(request.path);
}

function isRunCancel(request: FuzzRequest): boolean {
  return request.method === 'DELETE' && /^\/runs\/[^/?]+(\?|$)/.test(request.path);
}

/** After a fuzz: nothing left listening, every thread idle, and a real run still exact. */
async function expectHealthy({ app, queue }: typeof open): Promise<void> {
  expect((await app.request('/health')).status).toBe(200);
  await waitUntil(() => queue.list().every((record) => record.ended));
  for (const record of queue.list()) expect(record.listenerCount).toBe(0);
  expect(queue.runner.idleThreads).toBe(queue.runner.threads);
  expect(queue.runner.threads).toBeLessThanOrEqual(16);
  // The fuzz ceiling kept its runs tiny; lift it for one run big enough to race if it were unprotected.
  // Its time limit too: a 5 s limit is no promise that a busy machine finishes 10^6 increments in time.
  const { maxTotalIncrements: ceiling, runTimeoutMs } = queue.limits;
  queue.limits.maxTotalIncrements = 1_000_000;
  queue.limits.runTimeoutMs = Number.POSITIVE_INFINITY;
  try {
    const response = await postJson(
      app,
      '/runs?wait=true',
      { strategy: 'mutex', workers: 4, iterations: 250_000 },
      { authorization: `Bearer ${TOKEN}` },
    );
    expect(RunSchema.parse(await response.json()).result?.trials[0]?.actual).toBe(1_000_000);
  } finally {
    queue.limits.maxTotalIncrements = ceiling;
    queue.limits.runTimeoutMs = runTimeoutMs;
  }
}

describe('fuzzing the app in-process', () => {
  it('answers 10,000 hostile requests without a 5xx, every error in the contract body', async () => {
    const statuses = new Map<number, number>();
    let knownRun: string | undefined;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fuzzRequestArbitrary, async (request) => {
        const answer = await send(open.app, request, knownRun);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        expect(answer.problem, `${request.method} ${request.path}`).toBeUndefined();
        expect(open.queue.queuedCount).toBeLessThanOrEqual(LIMITS.maxQueuedRuns);
        if (isRunStart(request) && answer.status < 300) {
          const run = RunSchema.parse(JSON.parse(answer.body));
          const { workers, iterations, trials } = run.config;
          expect(workers * iterations * trials).toBeLessThanOrEqual(LIMITS.maxTotalIncrements);
          knownRun = run.id;
          accepted++;
        }
        if (request.body !== undefined && request.body.length > FUZZ_BODY_LIMIT && isRunStart(request)) {
          expect(answer.status, 'an oversize body gets through').toBeGreaterThanOrEqual(400);
        }
      }),
      { numRuns: 10_000, seed: FUZZ_SEED },
    );
    const total = [...statuses.values()].reduce((sum, count) => sum + count, 0);
    expect(total).toBe(10_000);
    // Enough of each kind to mean something: the generators do reach past validation.
    expect(statuses.get(400) ?? 0).toBeGreaterThan(1_000);
    expect(statuses.get(404) ?? 0).toBeGreaterThan(500);
    expect(statuses.get(405) ?? 0).toBeGreaterThan(500);
    expect(statuses.get(413) ?? 0).toBeGreaterThan(50);
    expect(statuses.get(415) ?? 0).toBeGreaterThan(100);
    // Valid configs do reach the queue: taken while it has room, refused with 429 once it is full.
    expect(accepted).toBeGreaterThan(0);
    expect(accepted + (statuses.get(429) ?? 0)).toBeGreaterThan(50);
    await expectHealthy(open);
    console.log(
      `fuzz (in-process, seed ${FUZZ_SEED}): ${total} requests, ${accepted} tiny runs accepted, statuses`,
      Object.fromEntries(statuses),
    );
  });

  it('never starts, cancels or records a run without the exact token (1,000 requests)', async () => {
    const seeded = await postJson(
      guarded.app,
      '/runs',
      { workers: 1, iterations: 1 },
      { authorization: `Bearer ${TOKEN}` },
    );
    const knownRun = RunSchema.parse(await seeded.json()).id;
    await fc.assert(
      fc.asyncProperty(fuzzRequestArbitrary, async (request) => {
        const answer = await send(guarded.app, request, knownRun);
        expect(answer.problem, `${request.method} ${request.path}`).toBeUndefined();
        const isRecord = request.method === 'POST' && /^\/results(\?|$)/.test(request.path);
        if (isRunStart(request) || isRunCancel(request) || isRecord) expect(answer.status).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: 1_000, seed: FUZZ_SEED + 1 },
    );
    expect(guarded.queue.list()).toHaveLength(1);
    await expectHealthy(guarded);
  });
});

describe('fuzzing the notebook routes against a real SQLite store', () => {
  it('answers 3,000 filters and result bodies (SQL injection shapes included) without a 5xx', async () => {
    const file = await tempSqliteStore();
    const store = createStoreTestApp(await file.open(), { ...LIMITS, maxResultsPerMinute: 100_000 });
    try {
      const base = await runExperiment({ strategy: 'none', workers: 2, iterations: 1_000, trials: 2 });
      const statuses = new Map<string, number>();
      let recorded = 0;
      await fc.assert(
        fc.asyncProperty(fc.oneof(historyRequestArbitrary(), resultRequestArbitrary(base)), async (request) => {
          const answer = await send(store.app, request, undefined);
          const key = `${request.method} ${answer.status}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          expect(answer.problem, `${request.method} ${request.path} ${request.body?.slice(0, 200)}`).toBeUndefined();
          if (request.method === 'POST' && answer.status === 201) recorded++;
        }),
        { numRuns: 3_000, seed: FUZZ_SEED + 2 },
      );
      // The generators reach every outcome: pages, exports, refusals, and results that hold together.
      expect(statuses.get('GET 200') ?? 0).toBeGreaterThan(100);
      expect(statuses.get('GET 400') ?? 0).toBeGreaterThan(100);
      expect(statuses.get('POST 400') ?? 0).toBeGreaterThan(100);
      expect(recorded).toBeGreaterThan(20);
      // Nothing in a filter or a body changed the store: it still holds exactly what was recorded.
      let stored = 0;
      for await (const _run of store.store.scan({})) stored++;
      expect(stored).toBe(recorded);
      console.log(`fuzz (notebook, seed ${FUZZ_SEED + 2}): statuses`, Object.fromEntries(statuses));
    } finally {
      await store.queue.close();
      await file.remove();
    }
  });
});
