import { describe, expect, it } from 'vitest';
import { LONG_RUN, LONG_RUN_LIMITS, readSse, waitUntil } from '../test/support/test-app.js';
import { RunSchema } from './api-schemas.js';
import { startServer } from './server.js';

describe('startServer', () => {
  it('serves on an ephemeral port of 127.0.0.1, then shuts down promptly mid-run', async () => {
    const server = await startServer({ port: 0, log: false, limits: LONG_RUN_LIMITS });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: 'ok' });
    const quick = await fetch(`${server.url}/runs?wait=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ strategy: 'mutex', workers: 4, iterations: 10_000 }),
    });
    expect(RunSchema.parse(await quick.json()).result?.trials[0]?.actual).toBe(40_000);

    const submitted = await fetch(`${server.url}/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(LONG_RUN),
    });
    const location = submitted.headers.get('location');
    const events = await fetch(`${server.url}${location}/events`);
    const stream = readSse(events.body!);
    expect((await stream.next()).value?.event).toBe('run');
    const id = location!.split('/').at(-1)!;
    await waitUntil(() => server.queue.get(id).status === 'running');

    // A second watcher that hangs up: the server forgets it at once.
    const hangUp = new AbortController();
    const watcher = await fetch(`${server.url}${location}/events`, { signal: hangUp.signal });
    expect(watcher.status).toBe(200);
    await waitUntil(() => server.queue.get(id).listenerCount === 2);
    hangUp.abort();
    await waitUntil(() => server.queue.get(id).listenerCount === 1);

    await server.close();
    expect(server.queue.runner.threads).toBe(0);

    // The open stream ends with the cancelled run's result instead of hanging.
    const rest = [];
    for await (const event of stream) rest.push(event);
    const final = rest.at(-1);
    expect(final?.event).toBe('result');
    expect(JSON.parse(final!.data)).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});
