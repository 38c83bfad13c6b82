import { ApiErrorSchema, CONFIG_BOUNDS } from '@racelab/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, LONG_RUN, postJson } from '../../test/support/test-app.js';

const { app, queue } = createTestApp({ maxTotalIncrements: 1_000_000, maxBodyBytes: 1024 });
afterAll(() => queue.close());

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = ApiErrorSchema.parse(await response.json());
  expect(body.error.code).toBe(code);
  expect(body.error.message).not.toMatch(/\n\s+at /); // never a stack trace
  return body.error;
}

describe('invalid run configs answer 400 with one detail per bad field', () => {
  it('rejects malformed JSON', async () => {
    const error = await expectError(await postJson(app, '/runs', '{"workers": 4,'), 400, 'invalid_json');
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('rejects JSON that is not an object', async () => {
    const error = await expectError(await postJson(app, '/runs', '[1, 2]'), 400, 'invalid_config');
    expect(error.details).toEqual([{ field: '(root)', message: 'must be an object' }]);
  });

  it('rejects wrong types, naming the field and its range', async () => {
    const error = await expectError(await postJson(app, '/runs', { workers: 'four' }), 400, 'invalid_config');
    expect(error.details).toEqual([{ field: 'workers', message: 'must be an integer from 1 to 256' }]);
    expect(error.message).toContain('workers: must be an integer from 1 to 256');
  });

  it('rejects out-of-range values and unknown strategies', async () => {
    const body = { workers: CONFIG_BOUNDS.workers.max + 1, iterations: 0, trials: 1.5, strategy: 'semaphore' };
    const error = await expectError(await postJson(app, '/runs', body), 400, 'invalid_config');
    expect(error.details?.map((detail) => detail.field).sort()).toEqual([
      'iterations',
      'strategy',
      'trials',
      'workers',
    ]);
  });

  it('rejects a traced run over the trace limit with trace_too_large, naming the limit', async () => {
    const body = { trace: true, workers: 256, iterations: 65_537 };
    const error = await expectError(await postJson(app, '/runs', body), 400, 'trace_too_large');
    expect(error.message).toContain('16,777,216');
    expect(error.details).toEqual([
      {
        field: 'trace',
        message: 'workers × iterations must be at most 16,777,216 when trace is on (64 MiB of logs); got 16,777,472',
      },
    ]);
    const notBoolean = await expectError(await postJson(app, '/runs', { trace: 'yes' }), 400, 'invalid_config');
    expect(notBoolean.details).toEqual([{ field: 'trace', message: 'must be true or false' }]);
  });

  it('rejects unknown fields', async () => {
    const error = await expectError(await postJson(app, '/runs', { thread: 4 }), 400, 'invalid_config');
    expect(error.details).toEqual([{ field: 'thread', message: 'is not a known field' }]);
  });

  it("rejects runs above the server's increment ceiling, naming the three fields", async () => {
    const body = { workers: 10, iterations: 100_000, trials: 2 };
    const error = await expectError(await postJson(app, '/runs', body), 400, 'increment_limit');
    expect(error.message).toBe(
      'workers × iterations × trials must be at most 1,000,000 on this server; got 2,000,000: lower workers, iterations or trials',
    );
    expect(error.details?.map((detail) => detail.field)).toEqual(['workers', 'iterations', 'trials']);
  });

  it('rejects a bad query parameter', async () => {
    const response = await postJson(app, '/runs?wait=yes', {});
    const error = await expectError(response, 400, 'invalid_request');
    expect(error.details?.[0]?.field).toBe('wait');
  });
});

describe('request bodies', () => {
  it('answers 413 past the body limit, with or without Content-Length', async () => {
    const big = JSON.stringify({ strategy: 'mutex', padding: 'x'.repeat(2048) });
    await expectError(await postJson(app, '/runs', big), 413, 'payload_too_large');
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const response = await app.request('/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunked,
      duplex: 'half',
    });
    await expectError(response, 413, 'payload_too_large');
  });

  it('answers 415 for a body that is not JSON', async () => {
    const form = await app.request('/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'workers=4',
    });
    const error = await expectError(form, 415, 'unsupported_media_type');
    expect(error.message).toContain('application/x-www-form-urlencoded');
    const untyped = await app.request('/runs', { method: 'POST', body: new Blob(['{}']) });
    await expectError(untyped, 415, 'unsupported_media_type');
  });
});

describe('unknown things answer 404 / 405 in the contract body', () => {
  it('answers 404 for an unknown run id on every run route', async () => {
    await expectError(await app.request('/runs/no-such-run'), 404, 'run_not_found');
    await expectError(await app.request('/runs/no-such-run/events'), 404, 'run_not_found');
    await expectError(await app.request('/runs/no-such-run', { method: 'DELETE' }), 404, 'run_not_found');
  });

  it('answers 404 for an unknown route', async () => {
    const error = await expectError(await app.request('/experiments'), 404, 'not_found');
    expect(error.message).toBe('no route for GET /experiments; the routes are listed at /openapi.json');
  });

  it('answers 405 with Allow for a known path and the wrong method', async () => {
    const response = await app.request('/health', { method: 'POST' });
    await expectError(response, 405, 'method_not_allowed');
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    const runs = await app.request('/runs', { method: 'PUT' });
    await expectError(runs, 405, 'method_not_allowed');
    expect(runs.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('sets the security headers and a request id on errors too', async () => {
    const response = await app.request('/nowhere');
    expect(response.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('a full queue', () => {
  it('answers 429 with Retry-After, and nothing is queued', async () => {
    const { app: tightApp, queue: tightQueue } = createTestApp({ maxQueuedRuns: 0, retryAfterSeconds: 7 });
    try {
      const running = await postJson(tightApp, '/runs', LONG_RUN);
      expect(running.status).toBe(202);
      const refused = await postJson(tightApp, '/runs', {});
      const error = await expectError(refused, 429, 'queue_full');
      expect(refused.headers.get('retry-after')).toBe('7');
      expect(error.message).toMatch(/queue is full/);
      expect(tightQueue.list()).toHaveLength(1);
    } finally {
      await tightQueue.close();
    }
  });
});
