import type { ExperimentResult } from '@racelab/schema';
import { hc } from 'hono/client';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createTestApp } from '../test/support/test-app.js';
import type { AppType } from './index.js';

const { app, queue } = createTestApp();
afterAll(() => queue.close());

// The same typed client a script would build with hc<AppType>('http://127.0.0.1:8787'), fetching in-process.
const client = hc<AppType>('http://localhost', {
  fetch: (input: string | URL | Request, init?: RequestInit) => app.request(input, init),
});

describe('hc<AppType>', () => {
  it('gives typed routes, inputs and responses', async () => {
    const response = await client.runs.$post({
      json: { strategy: 'atomic', workers: 2, iterations: 1000 },
      query: { wait: 'true' },
    });
    expect(response.status).toBe(200);
    if (response.status !== 200) return;
    const run = await response.json();
    expectTypeOf(run.status).toEqualTypeOf<'queued' | 'running' | 'completed' | 'failed' | 'cancelled'>();
    expectTypeOf(run.result).toMatchTypeOf<ExperimentResult | undefined>();
    expect(run.result?.trials[0]?.actual).toBe(2000);

    const fetched = await client.runs[':id'].$get({ param: { id: run.id } });
    expect(fetched.status).toBe(200);
    const health = await (await client.health.$get()).json();
    expectTypeOf(health).toEqualTypeOf<{ status: 'ok' }>();
  });

  it('types the error responses too', async () => {
    // @ts-expect-error workers must be a number: the client catches it before the server does.
    const response = await client.runs.$post({ json: { workers: 'many' } });
    expect(response.status).toBe(400);
    if (response.status === 400) {
      const { error } = await response.json();
      expect(error.details?.[0]?.field).toBe('workers');
    }
  });

  it('runs the README example', async () => {
    const api = client;
    const response = await api.runs.$post({ json: { strategy: 'none', workers: 4 }, query: { wait: 'true' } });
    expect(response.status).toBe(200);
    if (response.status === 200) {
      const run = await response.json();
      // The README prints lostUpdates: it is what the race lost, never more than was asked.
      const trial = run.result?.trials[0];
      expect(trial?.lostUpdates).toBe(400_000 - (trial?.actual ?? Number.NaN));
    }
    const list = await api.runs.$get({ query: { limit: 5 } });
    if (list.ok) {
      const { runs } = await list.json();
      const cancel = await api.runs[':id'].$delete({ param: { id: runs[0]!.id } });
      expect(cancel.status).toBe(409); // it already ended
    }
    expect(list.ok).toBe(true);
  });
});
