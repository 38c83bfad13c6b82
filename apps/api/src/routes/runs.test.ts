import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, LONG_RUN, postJson, waitUntil } from '../../test/support/test-app.js';
import { type Run, RunListSchema, RunSchema } from '../api-schemas.js';

const { app, queue } = createTestApp();
afterAll(() => queue.close());

async function submit(body: unknown, query = ''): Promise<{ response: Response; run: Run }> {
  const response = await postJson(app, `/runs${query}`, body);
  return { response, run: RunSchema.parse(await response.json()) };
}

async function fetchRun(id: string): Promise<Run> {
  return RunSchema.parse(await (await app.request(`/runs/${id}`)).json());
}

describe('POST /runs', () => {
  it('answers 202 with the queued run and its Location, then the run completes exactly with mutex', async () => {
    const { response, run } = await submit({ strategy: 'mutex', workers: 4, iterations: 200_000, trials: 2 });
    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toBe(`/runs/${run.id}`);
    expect(['queued', 'running']).toContain(run.status);
    await queue.get(run.id).whenEnded;
    const ended = await fetchRun(run.id);
    expect(ended.status).toBe('completed');
    expect(ended.progress).toBeUndefined();
    expect(ended.result?.trials.map((trial) => trial.actual)).toEqual([800_000, 800_000]);
    expect(ended.result?.summary.correct).toBe(true);
  });

  it('with ?wait=true answers 200 with the finished run; none loses updates and never gains any', async () => {
    const config = { strategy: 'none', workers: 4, iterations: 2_000_000, trials: 5 } as const;
    const { response, run } = await submit(config, '?wait=true');
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBe(`/runs/${run.id}`);
    expect(run.status).toBe('completed');
    const trials = run.result?.trials ?? [];
    expect(trials).toHaveLength(5);
    for (const trial of trials) expect(trial.actual).toBeLessThanOrEqual(8_000_000);
    // Four unsynchronized writers on two cores: a trial without a single lost update is vanishingly rare.
    expect(Math.max(...trials.map((trial) => trial.lostUpdates))).toBeGreaterThan(0);
    expect(run.result?.summary.correct).toBe(false);
  });

  it('honours "trace": true: the result carries each trial\'s trace, and keeps it when read again', async () => {
    const config = { strategy: 'none', workers: 4, iterations: 50_000, trials: 2, trace: true } as const;
    const { response, run } = await submit(config, '?wait=true');
    expect(response.status).toBe(200);
    expect(run.config.trace).toBe(true);
    for (const trial of run.result?.trials ?? []) {
      expect((trial.trace?.repeatedReads ?? -1) + (trial.trace?.readsAboveFinal ?? -1)).toBe(trial.lostUpdates);
    }
    expect((await fetchRun(run.id)).result?.trials[0]?.trace).toEqual(run.result?.trials[0]?.trace);
  });

  it('runs the default experiment for an empty body', async () => {
    const response = await app.request('/runs?wait=true', { method: 'POST' });
    const run = RunSchema.parse(await response.json());
    expect(run.config).toEqual({ strategy: 'mutex', workers: 10, iterations: 100_000, trials: 1 });
    expect(run.result?.trials[0]?.actual).toBe(1_000_000);
  });

  it('queues runs and executes them one at a time, in submission order', async () => {
    const runs = [];
    // The first is long enough (tens of ms) to still be running when the other two arrive.
    runs.push((await submit({ strategy: 'mutex', workers: 2, iterations: 2_000_000 })).run);
    for (const strategy of ['atomic', 'spinlock'] as const) {
      runs.push((await submit({ strategy, workers: 2, iterations: 500_000 })).run);
    }
    expect(runs.slice(1).map((run) => run.status)).toEqual(['queued', 'queued']);
    await Promise.all(runs.map((run) => queue.get(run.id).whenEnded));
    const ended = await Promise.all(runs.map((run) => fetchRun(run.id)));
    for (const [index, run] of ended.entries()) {
      expect(run.status).toBe('completed');
      const next = ended[index + 1];
      if (next) expect(Date.parse(run.result!.finishedAt)).toBeLessThanOrEqual(Date.parse(next.result!.startedAt));
    }
  });
});

describe('GET /runs', () => {
  it('lists recent runs newest first, with a limit', async () => {
    const { run: first } = await submit({ strategy: 'atomic', workers: 1, iterations: 1 }, '?wait=true');
    const { run: second } = await submit({ strategy: 'atomic', workers: 1, iterations: 2 }, '?wait=true');
    const list = RunListSchema.parse(await (await app.request('/runs?limit=2')).json());
    expect(list.runs.map((run) => run.id)).toEqual([second.id, first.id]);
  });

  it('forgets the oldest finished runs past the history limit', async () => {
    const { app: smallApp, queue: smallQueue } = createTestApp({ maxHistory: 2 });
    try {
      const ids = [];
      for (let index = 0; index < 3; index++) {
        const response = await postJson(smallApp, '/runs?wait=true', { strategy: 'atomic', workers: 1, iterations: 1 });
        ids.push(RunSchema.parse(await response.json()).id);
      }
      const list = RunListSchema.parse(await (await smallApp.request('/runs')).json());
      expect(list.runs.map((run) => run.id)).toEqual([ids[2], ids[1]]);
      expect((await smallApp.request(`/runs/${ids[0]}`)).status).toBe(404);
    } finally {
      await smallQueue.close();
    }
  });
});

describe('DELETE /runs/{id}', () => {
  it('stops a running run and its workers, answering once they have stopped', async () => {
    const { run } = await submit(LONG_RUN);
    await waitUntil(() => queue.get(run.id).progress !== undefined);
    // No clock here (how fast threads stop is the machine's business): the answer comes only after
    // the workers stopped, and a cancelled status means it was cut short (an ended run is 409).
    const response = await app.request(`/runs/${run.id}`, { method: 'DELETE' });
    const cancelled = RunSchema.parse(await response.json());
    expect(response.status).toBe(200);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.error?.code).toBe('cancelled');
    expect(cancelled.result?.status).toBe('cancelled');
    // Answered only once the workers have stopped: none is left busy (stopped ones park, idle, in the pool).
    expect(queue.runner.idleThreads).toBe(queue.runner.threads);
    expect(queue.get(run.id).status).toBe('cancelled');
  });

  it('cancels a queued run before it starts, and answers 409 once a run has ended', async () => {
    const { run: blocker } = await submit(LONG_RUN);
    const { run: waiting } = await submit({});
    expect(waiting.status).toBe('queued');
    const cancelled = RunSchema.parse(await (await app.request(`/runs/${waiting.id}`, { method: 'DELETE' })).json());
    expect(cancelled).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    // The core runner's own queue dropped it: its cancelled result, with no trials, no thread started.
    expect(cancelled.result).toMatchObject({ id: waiting.id, status: 'cancelled', trials: [] });
    expect(cancelled.result?.error?.message).toContain('cancelled by DELETE /runs/{id}');
    expect(queue.get(blocker.id).status).toBe('running');
    await app.request(`/runs/${blocker.id}`, { method: 'DELETE' });
    const again = await app.request(`/runs/${waiting.id}`, { method: 'DELETE' });
    expect(again.status).toBe(409);
  });

  it('a run past its wall-time limit ends failed with code timeout', async () => {
    const { app: strictApp, queue: strictQueue } = createTestApp({ runTimeoutMs: 200 });
    try {
      const response = await postJson(strictApp, '/runs?wait=true', LONG_RUN);
      const run = RunSchema.parse(await response.json());
      expect(run.status).toBe('failed');
      expect(run.error).toEqual({ code: 'timeout', message: 'the run took longer than its limit of 200 ms' });
    } finally {
      await strictQueue.close();
    }
  });
});
