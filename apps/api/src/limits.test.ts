import { ApiErrorSchema, ExperimentResultSchema } from '@racelab/schema';
import { describe, expect, it } from 'vitest';
import { createTestApp, LONG_RUN, LONG_RUN_LIMITS, postJson, readSse, waitUntil } from '../test/support/test-app.js';
import { RunSchema } from './api-schemas.js';
import { DEFAULT_LIMITS } from './limits.js';
import { startServer } from './server.js';

describe('resource limits', () => {
  it('refuses 256 workers × 100,000,000 iterations with 400 before any thread starts', async () => {
    const { app, queue } = createTestApp({ maxTotalIncrements: DEFAULT_LIMITS.maxTotalIncrements });
    try {
      const response = await postJson(app, '/runs', { workers: 256, iterations: 100_000_000 });
      expect(response.status).toBe(400);
      const { error } = ApiErrorSchema.parse(await response.json());
      expect(error.code).toBe('invalid_config');
      expect(error.message).toContain('workers × iterations must be at most 2,147,483,647');
      expect(queue.list()).toEqual([]);
      expect(queue.runner.threads).toBe(0);
      // Within core's 32-bit bound but over the server's ceiling: the other documented refusal.
      const budget = await postJson(app, '/runs', { workers: 21, iterations: 100_000_000 });
      expect(budget.status).toBe(400);
      expect(ApiErrorSchema.parse(await budget.json()).error.code).toBe('increment_limit');
    } finally {
      await queue.close();
    }
  });

  it('caps worker threads per run at --max-workers, naming the field', async () => {
    const { app, queue } = createTestApp({ maxWorkers: 8 });
    try {
      const response = await postJson(app, '/runs', { workers: 9, iterations: 1 });
      expect(response.status).toBe(400);
      const { error } = ApiErrorSchema.parse(await response.json());
      expect(error).toEqual({
        code: 'worker_limit',
        message: 'workers must be at most 8 on this server; got 9',
        details: [{ field: 'workers', message: 'must be at most 8 on this server; got 9' }],
      });
      expect(queue.list()).toEqual([]);
      expect((await postJson(app, '/runs?wait=true', { workers: 8, iterations: 1 })).status).toBe(200);
    } finally {
      await queue.close();
    }
  });

  it('answers a flood of 200 POSTs with 429s: the queue never grows past its maximum', async () => {
    const maxQueuedRuns = 3;
    const { app, queue } = createTestApp({ maxQueuedRuns, retryAfterSeconds: 2 });
    let longest = 0;
    const sample = setInterval(() => {
      longest = Math.max(longest, queue.queuedCount);
    }, 1);
    try {
      expect((await postJson(app, '/runs', LONG_RUN)).status).toBe(202);
      const flood = await Promise.all(
        Array.from({ length: 200 }, async () => {
          const response = await postJson(app, '/runs', { strategy: 'atomic', workers: 1, iterations: 1 });
          longest = Math.max(longest, queue.queuedCount);
          return response;
        }),
      );
      const statuses = flood.map((response) => response.status);
      expect(statuses.filter((status) => status === 202)).toHaveLength(maxQueuedRuns);
      expect(statuses.filter((status) => status === 429)).toHaveLength(200 - maxQueuedRuns);
      for (const response of flood.filter((refused) => refused.status === 429)) {
        expect(response.headers.get('retry-after')).toBe('2');
        expect(ApiErrorSchema.parse(await response.json()).error.code).toBe('queue_full');
      }
      expect(longest).toBe(maxQueuedRuns);
      expect(queue.list()).toHaveLength(1 + maxQueuedRuns);
    } finally {
      clearInterval(sample);
      await queue.close();
    }
  });

  it('holds the same bound for concurrent clients on a real socket', async () => {
    const server = await startServer({ port: 0, log: false, limits: { ...LONG_RUN_LIMITS, maxQueuedRuns: 2 } });
    try {
      const post = (body: unknown) =>
        fetch(`${server.url}/runs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await post(LONG_RUN)).status).toBe(202);
      const flood = await Promise.all(Array.from({ length: 100 }, () => post({ strategy: 'atomic', workers: 1 })));
      const statuses = flood.map((response) => response.status);
      expect(statuses.filter((status) => status === 202)).toHaveLength(2);
      expect(statuses.filter((status) => status === 429)).toHaveLength(98);
      expect(server.queue.queuedCount).toBe(2);
      await Promise.all(flood.map((response) => response.body?.cancel()));
    } finally {
      await server.close();
    }
  });

  it('stops a run past its time limit: failed with timeout, streamed to followers, workers idle again', async () => {
    const { app, queue } = createTestApp({ runTimeoutMs: 300 });
    try {
      const { id } = RunSchema.parse(await (await postJson(app, '/runs', LONG_RUN)).json());
      const events = [];
      for await (const event of readSse((await app.request(`/runs/${id}/events`)).body!)) events.push(event);
      const last = events.at(-1)!;
      expect(last.event).toBe('result');
      const result = ExperimentResultSchema.parse(JSON.parse(last.data));
      expect(result.status).toBe('failed');
      expect(result.error?.code).toBe('timeout');
      await waitUntil(() => queue.runner.idleThreads === queue.runner.threads);
      expect(queue.get(id).listenerCount).toBe(0);
    } finally {
      await queue.close();
    }
  });
});
