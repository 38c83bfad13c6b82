/**
 * A client that loses its event stream and reconnects with `Last-Event-ID`, over real sockets:
 * it resumes after the last event it had, never gets one again, and a run that ended meanwhile
 * answers its result at once.
 */
import { ExperimentResultSchema } from '@racelab/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONG_RUN, LONG_RUN_LIMITS, readSse, type SseEvent } from '../test/support/test-app.js';
import { RunSchema } from './api-schemas.js';
import { END_EVENT_ID } from './routes/run-events.js';
import { type RunningServer, startServer } from './server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0, log: false, limits: { ...LONG_RUN_LIMITS, progressIntervalMs: 10 } });
});
afterAll(() => server.close());

async function submit(body: unknown): Promise<string> {
  const response = await fetch(`${server.url}/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return RunSchema.parse(await response.json()).id;
}

function connect(id: string, lastEventId?: string, signal?: AbortSignal): Promise<Response> {
  return fetch(`${server.url}/runs/${id}/events`, {
    headers: lastEventId === undefined ? {} : { 'last-event-id': lastEventId },
    ...(signal ? { signal } : {}),
  });
}

async function readAll(response: Response): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of readSse(response.body!)) events.push(event);
  return events;
}

const progressNumber = (event: SseEvent) => Number(event.id);

describe('GET /runs/{id}/events with Last-Event-ID', () => {
  it('resumes after the last event received, and a finished run answers its result at once', async () => {
    const id = await submit(LONG_RUN);
    // First connection: the run's state, then progress; it drops after three samples.
    const blip = new AbortController();
    const first: SseEvent[] = [];
    for await (const event of readSse((await connect(id, undefined, blip.signal)).body!)) {
      first.push(event);
      if (first.filter((each) => each.event === 'progress').length === 3) break;
    }
    blip.abort();
    expect(first[0]).toMatchObject({ event: 'run' });
    expect(first.every((event) => /^\d+$/.test(event.id ?? ''))).toBe(true);
    const ids = first.map(progressNumber);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const last = first.at(-1)!.id!;

    // Reconnect: no `run` again, and nothing at or before the last id.
    const resumed = readSse((await connect(id, last)).body!);
    const next = (await resumed.next()).value as SseEvent;
    expect(next.event).toBe('progress');
    expect(progressNumber(next)).toBeGreaterThan(Number(last));
    await fetch(`${server.url}/runs/${id}`, { method: 'DELETE' });
    const rest: SseEvent[] = [];
    for await (const event of resumed) rest.push(event);
    expect(rest.map((event) => event.event)).not.toContain('run');
    const progress = rest.filter((event) => event.event === 'progress');
    for (const event of progress) expect(progressNumber(event)).toBeGreaterThan(progressNumber(next));
    expect(rest.at(-1)).toMatchObject({ event: 'result', id: END_EVENT_ID });
    expect(ExperimentResultSchema.parse(JSON.parse(rest.at(-1)!.data)).status).toBe('cancelled');

    // After the end: a client that missed it gets the result at once, and only it.
    const late = await readAll(await connect(id, last));
    expect(late.map((event) => [event.event, event.id])).toEqual([['result', END_EVENT_ID]]);
    // A client that has the result: 204, which tells EventSource to stop reconnecting.
    const done = await connect(id, END_EVENT_ID);
    expect(done.status).toBe(204);
    expect(await done.text()).toBe('');
  });

  it('tells the client how long the server keeps its socket once the stream has ended', async () => {
    // Without the hint a client guesses (fetch: 4 s) and may reuse a socket the server has just closed.
    const id = await submit({ strategy: 'atomic', workers: 1, iterations: 10 });
    const response = await connect(id);
    await readAll(response);
    expect(response.headers.get('keep-alive')).toMatch(/^timeout=\d+$/);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  });

  it('starts over on an id this run never sent', async () => {
    const id = await submit({ strategy: 'atomic', workers: 1, iterations: 10 });
    for (const stranger of ['999999', 'banana', '-1', '1e3', '']) {
      const events = await readAll(await connect(id, stranger));
      expect(
        events.map((event) => event.event),
        stranger,
      ).toEqual(expect.arrayContaining(['run', 'result']));
      expect(events[0]?.event, stranger).toBe('run');
    }
  });
});
