import { ExperimentResultSchema, ProgressSnapshotSchema } from '@racelab/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, LONG_RUN, postJson, readSse, type SseEvent, waitUntil } from '../../test/support/test-app.js';
import { RunSchema } from '../api-schemas.js';
import { END_EVENT_ID, resumePoint } from './run-events.js';

const { app, queue } = createTestApp({ progressIntervalMs: 20 });
afterAll(() => queue.close());

async function submit(body: unknown): Promise<string> {
  return RunSchema.parse(await (await postJson(app, '/runs', body)).json()).id;
}

async function openEvents(id: string): Promise<Response> {
  const response = await app.request(`/runs/${id}/events`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  return response;
}

async function collect(response: Response): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of readSse(response.body!)) events.push(event);
  return events;
}

describe('GET /runs/{id}/events', () => {
  it('sends the state, then progress, then the result, then ends the stream', async () => {
    const id = await submit({ strategy: 'mutex', workers: 4, iterations: 1_000_000, trials: 2 });
    const events = await collect(await openEvents(id));
    const names = events.map((event) => event.event);
    expect(names[0]).toBe('run');
    expect(events.slice(0, -1).every((event) => /^\d+$/.test(event.id ?? ''))).toBe(true);
    expect(events.at(-1)?.id).toBe('end');
    expect(names.at(-1)).toBe('result');
    expect(names.slice(1, -1).every((name) => name === 'progress')).toBe(true);
    // At least the final sample of each trial.
    expect(names.filter((name) => name === 'progress').length).toBeGreaterThanOrEqual(2);
    const snapshots = events.filter((event) => event.event === 'progress').map((event) => JSON.parse(event.data));
    for (const snapshot of snapshots) expect(ProgressSnapshotSchema.parse(snapshot).runId).toBe(id);
    const result = ExperimentResultSchema.parse(JSON.parse(events.at(-1)!.data));
    expect(result).toMatchObject({ id, status: 'completed', summary: { correct: true } });
  });

  it('gives a client that connects after the run ended the result at once', async () => {
    const id = await submit({ strategy: 'atomic', workers: 2, iterations: 1000 });
    await queue.get(id).whenEnded;
    const events = await collect(await openEvents(id));
    expect(events.map((event) => event.event)).toEqual(['run', 'result']);
    expect(RunSchema.parse(JSON.parse(events[0]!.data)).status).toBe('completed');
  });

  it('ends the stream of a run cancelled while queued with its cancelled result', async () => {
    const blocker = await submit(LONG_RUN);
    const waiting = await submit({});
    const response = await openEvents(waiting);
    await app.request(`/runs/${waiting}`, { method: 'DELETE' });
    const events = await collect(response);
    expect(events.map((event) => event.event)).toEqual(['run', 'result']);
    expect(RunSchema.parse(JSON.parse(events[0]!.data)).status).toBe('queued');
    const result = ExperimentResultSchema.parse(JSON.parse(events[1]!.data));
    expect(result).toMatchObject({ id: waiting, status: 'cancelled', trials: [], error: { code: 'cancelled' } });
    await app.request(`/runs/${blocker}`, { method: 'DELETE' });
  });

  it('forgets a client that disconnects', async () => {
    const id = await submit(LONG_RUN);
    const record = queue.get(id);
    const response = await openEvents(id);
    const events = readSse(response.body!);
    expect((await events.next()).value?.event).toBe('run');
    await waitUntil(() => record.listenerCount === 1);
    await events.return(undefined); // cancels the body, as a closed connection does
    await waitUntil(() => record.listenerCount === 0);
    expect(record.status).toBe('running'); // a watcher leaving does not cancel the run
    await app.request(`/runs/${id}`, { method: 'DELETE' });
  });

  it('answers HEAD with the headers only', async () => {
    const id = await submit({ strategy: 'atomic', workers: 1, iterations: 1 });
    const response = await app.request(`/runs/${id}/events`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(queue.get(id).listenerCount).toBe(0);
  });
});

describe('resumePoint (Last-Event-ID)', () => {
  it.each([
    [undefined, 5, undefined],
    ['3', 5, 3],
    [' 5 ', 5, 5],
    ['0', 0, 0],
    ['6', 5, undefined], // a sample this run has not reached: another server's, or from before a restart
    ['end', 5, END_EVENT_ID],
    ['-1', 5, undefined],
    ['1e3', 5000, undefined],
    ['', 5, undefined],
    ['9'.repeat(400), 5, undefined],
  ])('%j after %i samples resumes at %j', (header, count, expected) => {
    expect(resumePoint(header, count)).toBe(expected);
  });
});
