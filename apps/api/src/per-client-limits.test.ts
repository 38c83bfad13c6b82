import { ApiErrorSchema } from '@racelab/schema';
import { describe, expect, it } from 'vitest';
import { createTestApp, LONG_RUN, postJson, readSse, TEST_CLIENT_HEADER, waitUntil } from '../test/support/test-app.js';
import { RunSchema } from './api-schemas.js';

const TINY = { strategy: 'atomic', workers: 1, iterations: 1 };
const from = (client: string) => ({ [TEST_CLIENT_HEADER]: client });

async function expect429(response: Response, code: string, retryAfter: string) {
  expect(response.status).toBe(429);
  expect(response.headers.get('retry-after')).toBe(retryAfter);
  const { error } = ApiErrorSchema.parse(await response.json());
  expect(error.code).toBe(code);
  return error;
}

describe('per-client fairness', () => {
  it('one client cannot fill the queue: past its share it gets 429 client_queue_full, others still queue', async () => {
    const { app, queue } = createTestApp({ maxQueuedRuns: 10, maxQueuedRunsPerClient: 2, retryAfterSeconds: 3 });
    try {
      // A's first run is the running one: it does not count as waiting.
      expect((await postJson(app, '/runs', LONG_RUN, from('a'))).status).toBe(202);
      for (let index = 0; index < 2; index++) expect((await postJson(app, '/runs', TINY, from('a'))).status).toBe(202);
      const error = await expect429(await postJson(app, '/runs', TINY, from('a')), 'client_queue_full', '3');
      expect(error.message).toBe(
        "you already have 2 runs waiting, this server's limit per client; retry in 3 s or cancel one",
      );
      expect(queue.queuedCountOf('address:a')).toBe(2);
      for (let index = 0; index < 2; index++) expect((await postJson(app, '/runs', TINY, from('b'))).status).toBe(202);
      await expect429(await postJson(app, '/runs', TINY, from('b')), 'client_queue_full', '3');
      expect(queue.queuedCount).toBe(4);
      // Cancelling one of A's waiting runs gives A its slot back.
      const waiting = queue.list().find((record) => record.client === 'address:a' && record.status === 'queued')!;
      await app.request(`/runs/${waiting.id}`, { method: 'DELETE' });
      expect((await postJson(app, '/runs', TINY, from('a'))).status).toBe(202);
    } finally {
      await queue.close();
    }
  });

  it('counts per token when the server has tokens, whatever the address', async () => {
    const tokens = ['first-token-0123456789', 'second-token-0123456789'];
    const { app, queue } = createTestApp({ maxQueuedRunsPerClient: 1 }, { token: tokens });
    const as = (token: string) => ({ authorization: `Bearer ${token}`, ...from('shared-nat') });
    try {
      expect((await postJson(app, '/runs', LONG_RUN, as(tokens[0]!))).status).toBe(202);
      expect((await postJson(app, '/runs', TINY, as(tokens[0]!))).status).toBe(202);
      await expect429(await postJson(app, '/runs', TINY, as(tokens[0]!)), 'client_queue_full', '5');
      // Same address, another token: another client.
      expect((await postJson(app, '/runs', TINY, as(tokens[1]!))).status).toBe(202);
      expect(queue.list().map((record) => record.client)).toEqual(['token:2', 'token:1', 'token:1']);
    } finally {
      await queue.close();
    }
  });

  it('caps the event streams one client holds open, and frees a slot when a stream closes', async () => {
    const { app, queue } = createTestApp({ maxStreamsPerClient: 2, retryAfterSeconds: 1 });
    try {
      const { id } = RunSchema.parse(await (await postJson(app, '/runs', LONG_RUN)).json());
      const record = queue.get(id);
      const open = async (client: string) => {
        const response = await app.request(`/runs/${id}/events`, { headers: from(client) });
        expect(response.status).toBe(200);
        const events = readSse(response.body!);
        expect((await events.next()).value?.event).toBe('run');
        return events;
      };
      const first = await open('a');
      await open('a');
      await expect429(await app.request(`/runs/${id}/events`, { headers: from('a') }), 'too_many_streams', '1');
      await open('b');
      expect(record.listenerCount).toBe(3);
      await first.return(undefined); // the client hangs up
      await waitUntil(() => record.listenerCount === 2);
      await open('a');
      await app.request(`/runs/${id}`, { method: 'DELETE' });
    } finally {
      await queue.close();
    }
  });
});
