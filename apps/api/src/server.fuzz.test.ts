import { METHODS } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkAnswer,
  FUZZ_BODY_LIMIT,
  FUZZ_SEED,
  fuzzRequestArbitrary,
  KNOWN_RUN,
} from '../test/support/fuzz-requests.js';
import { parseResponses, rawRequestArbitrary, sendRaw } from '../test/support/raw-http.js';
import { waitUntil } from '../test/support/test-app.js';
import { RunSchema } from './api-schemas.js';
import { type RunningServer, startServer } from './server.js';

// The slice that needs a real socket: Node's HTTP parser and adapter sit in front of the app.
const LIMITS = { maxTotalIncrements: 16, maxQueuedRuns: 2, maxBodyBytes: FUZZ_BODY_LIMIT, runTimeoutMs: 5_000 };
const FETCHED = 500;
const RAW = 300;

let server: RunningServer;
const logLines: string[] = [];
beforeAll(async () => {
  server = await startServer({ port: 0, limits: LIMITS, log: (line) => logLines.push(line) });
});
afterAll(() => server.close());

/** Runs `task` over `items`, `concurrency` at a time. */
async function eachConcurrently<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: concurrency }, async () => {
    while (next < items.length) await task(items[next++]!);
  });
  await Promise.all(lanes);
}

describe('fuzzing a listening server on 127.0.0.1', () => {
  it(`answers ${FETCHED} generated requests over fetch without a 5xx`, async () => {
    let knownRun: string | undefined;
    const problems: string[] = [];
    // Node's parser knows a fixed list of methods and closes on any other; the raw slice covers those.
    const requests = fc.sample(
      fuzzRequestArbitrary.filter((request) => METHODS.includes(request.method)),
      { numRuns: FETCHED, seed: FUZZ_SEED },
    );
    await eachConcurrently(requests, 8, async (request) => {
      const path = request.path.replace(KNOWN_RUN, knownRun ?? 'no-run-yet');
      const response = await fetch(`${server.url}${path}`, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
      });
      const contentType = response.headers.get('content-type');
      if (contentType?.startsWith('text/event-stream')) {
        await response.body?.cancel();
        return;
      }
      const body = await response.text();
      const problem = checkAnswer(response.status, contentType, body, request.method);
      if (problem) problems.push(`${request.method} ${path}: ${problem}`);
      if (request.method === 'POST' && response.status < 300 && path.startsWith('/runs')) {
        knownRun = RunSchema.parse(JSON.parse(body)).id;
      }
    });
    expect(problems).toEqual([]);
  });

  it(`answers ${RAW} raw requests (lying Content-Length, cut bodies, broken request lines) in the contract body`, async () => {
    const statuses = new Map<number, number>();
    const problems: string[] = [];
    const { port } = new URL(server.url);
    await eachConcurrently(fc.sample(rawRequestArbitrary, { numRuns: RAW, seed: FUZZ_SEED }), 20, async (request) => {
      for (const response of parseResponses(await sendRaw(Number(port), request))) {
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (!response.complete) continue; // the client hung up mid-answer: nothing whole to check
        const problem = checkAnswer(
          response.status,
          response.headers.get('content-type') ?? null,
          response.body,
          'GET',
        );
        if (problem) problems.push(`${JSON.stringify(request.bytes.slice(0, 120))}: ${problem}`);
      }
    });
    expect(problems).toEqual([]);
    // Node's parser refusals (400 from clientError) and the app's own answers are both in there.
    expect(statuses.get(400) ?? 0).toBeGreaterThan(20);
    console.log(`fuzz (raw socket): ${RAW} connections, statuses`, Object.fromEntries(statuses));
  });

  it('logs no internal error and is healthy afterwards: a real run is still exact', async () => {
    expect(logLines.filter((line) => line.startsWith('internal error'))).toEqual([]);
    expect(logLines.filter((line) => / 5\d\d [\d.]+ms /.test(line))).toEqual([]);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    await waitUntil(() => server.queue.list().every((record) => record.ended));
    for (const record of server.queue.list()) expect(record.listenerCount).toBe(0);
    expect(server.queue.runner.idleThreads).toBe(server.queue.runner.threads);
    // The fuzz ceiling kept its runs tiny; lift it for one run big enough to race if it were unprotected.
    server.queue.limits.maxTotalIncrements = 1_000_000;
    // Its time limit too: a 5 s limit is no promise that a busy machine finishes 10^6 increments in time.
    server.queue.limits.runTimeoutMs = Number.POSITIVE_INFINITY;
    const response = await fetch(`${server.url}/runs?wait=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ strategy: 'spinlock', workers: 4, iterations: 250_000 }),
    });
    expect(RunSchema.parse(await response.json()).result?.trials[0]?.actual).toBe(1_000_000);
  });
});
