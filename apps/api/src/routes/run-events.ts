import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { StoredRun } from '@racelab/schema';
import type { Context } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import { LastEventIdHeaderSchema, RunIdParamsSchema } from '../api-schemas.js';
import type { ApiEnv } from '../http/client-identity.js';
import { errorBody } from '../http/error-body.js';
import { errorResponses } from '../http/openapi-responses.js';
import { PerClientSlots } from '../http/per-client-slots.js';
import type { Lab } from '../lab/lab.js';
import { toApiRun } from '../runs/api-run.js';
import { followRun } from '../runs/follow-run.js';
import { TooManyStreamsError, UnknownRunError } from '../runs/run-errors.js';
import type { RunQueue } from '../runs/run-queue.js';

export const runEventsRoute = createRoute({
  method: 'get',
  path: '/{id}/events',
  operationId: 'streamRunEvents',
  security: [],
  tags: ['runs'],
  summary: 'Follow a run live (Server-Sent Events)',
  description: [
    'Events, in order:',
    '- `run` (a `Run`): the state when you connected;',
    '- `progress` (a `ProgressSnapshot`): live samples at a bounded rate, the newest only if you read slowly;',
    '- `result` (an `ExperimentResult`, whatever its status, also for a run cancelled while queued) once',
    '  the run has ended, or `error` (an `ApiError` body) in the rare case it ended without one;',
    'then the stream ends. Connecting after the run ended (also after a restart, from the run store)',
    'gives `run` and `result` at once.',
    "Every event has an `id`: `run` and `progress` the number of the run's latest progress sample (0 before",
    'the first), `result` and `error` the id `end`. A client that reconnects with `Last-Event-ID` (as',
    '`EventSource` does by itself) resumes after that event: no `run` again, the latest sample if it is',
    'newer, then live; a run that ended meanwhile answers its `result` at once; and `Last-Event-ID: end`',
    '(the client has everything) is answered 204, which tells `EventSource` to stop reconnecting. An id',
    'this run never sent starts the stream over.',
    'Comment lines keep an idle stream open through proxies. A client may hold a limited number of',
    'streams at once (429 `too_many_streams` past it).',
  ].join('\n'),
  request: { params: RunIdParamsSchema, headers: LastEventIdHeaderSchema },
  responses: {
    200: {
      description: 'An event stream.',
      content: { 'text/event-stream': { schema: z.string().meta({ description: 'Server-Sent Events.' }) } },
    },
    204: { description: '`Last-Event-ID: end` on a run that has ended: the client has every event already.' },
    ...errorResponses(404, 429, 503),
  },
});

/**
 * `streamSSE` without the `Connection: keep-alive` header it sets. That header is hop-by-hop (and
 * forbidden in HTTP/2); set by the app, it also stops Node from writing its own `Keep-Alive:
 * timeout=N`, so a client cannot know when the server drops the idle socket after the stream ends
 * (`--keep-alive-timeout-ms`) and assumes its own default (undici, Node's fetch: 4 s). Past the
 * server's timeout and inside the client's, the client reuses a socket the server is closing and its
 * next request fails with "other side closed" (seen in the load harness, whose server keeps idle
 * sockets 1 s). Without the header, Node states the timeout and the client retires the socket first.
 */
function eventStream(c: Context, callback: (stream: SSEStreamingApi) => Promise<void>): Response {
  const response = streamSSE(c, callback);
  response.headers.delete('connection');
  return response;
}

/** The id of a stream's last event, `result` or `error`: whatever a run's progress count. */
export const END_EVENT_ID = 'end';

/**
 * Where a reconnecting client resumes: after progress sample N, after the end, or (undefined) from
 * the start, when it sent no `Last-Event-ID` or one this run never gave (a sample it has not reached:
 * another server's, or one from before a restart).
 */
export function resumePoint(lastEventId: string | undefined, progressCount: number): number | 'end' | undefined {
  const id = lastEventId?.trim();
  if (id === END_EVENT_ID) return END_EVENT_ID;
  if (id === undefined || !/^\d{1,15}$/.test(id)) return undefined;
  const number = Number(id);
  return number <= progressCount ? number : undefined;
}

/**
 * `onEventStream` lets a runtime adapter exempt the stream from its idle timeout (Bun closes a
 * connection silent for 10 s, and a queued run's stream may wait longer than that for news).
 */
export function streamRunEvents(
  queue: RunQueue,
  onEventStream?: (c: Context) => void,
  lab?: Lab,
): RouteHandler<typeof runEventsRoute, ApiEnv> {
  const { maxStreamsPerClient, retryAfterSeconds, eventKeepAliveMs } = queue.limits;
  const slots = new PerClientSlots(maxStreamsPerClient);
  return async (c) => {
    // Looked up before the stream opens, so an unknown id is a plain 404, not an empty stream.
    const id = c.req.param('id') ?? '';
    let record = queue.find(id);
    const stored = record ? undefined : await queue.keeper.store.get(id);
    // In a lab a run queued or running on another host is followed through the lab's news.
    if (!record && lab && stored && (stored.status === 'queued' || stored.status === 'running')) {
      record = await lab.follow(stored);
    }
    if (!record && !stored) throw new UnknownRunError(id);
    // HEAD gets the headers only: a stream nobody reads would otherwise sit until the run ends.
    if (c.req.method === 'HEAD') return c.body(null, 200, { 'content-type': 'text/event-stream' });
    // A run read back from the store has no progress samples to offer: only `run` (id 0) and its end.
    const resume = resumePoint(c.req.header('last-event-id'), record?.progressCount ?? 0);
    const ended = record ? record.ended : !isLive(stored as StoredRun);
    if (resume === END_EVENT_ID && ended) return c.body(null, 204);
    const release = slots.take(c.var.client);
    if (!release) throw new TooManyStreamsError(maxStreamsPerClient, retryAfterSeconds);
    onEventStream?.(c);
    if (!record) return answerStoredRun(c, stored as StoredRun, resume === 0, release);
    const followed = record;
    return eventStream(c, async (stream) => {
      const disconnected = new AbortController();
      stream.onAbort(() => disconnected.abort());
      try {
        const after = typeof resume === 'number' ? resume : undefined;
        if (after === undefined) {
          const id = String(followed.progressCount);
          await stream.writeSSE({ event: 'run', id, data: JSON.stringify(followed.toJSON()) });
        }
        for await (const update of followRun(followed, disconnected.signal, eventKeepAliveMs, after)) {
          if (update.type === 'progress') {
            const id = String(update.number);
            await stream.writeSSE({ event: 'progress', id, data: JSON.stringify(update.snapshot) });
          } else {
            await stream.write(': keep-alive\n\n');
          }
        }
        if (disconnected.signal.aborted) return;
        if (followed.result) {
          await stream.writeSSE({ event: 'result', id: END_EVENT_ID, data: JSON.stringify(followed.result) });
        } else {
          const { code, message } = followed.error ?? { code: 'internal', message: 'the run ended without a result' };
          await stream.writeSSE({ event: 'error', id: END_EVENT_ID, data: JSON.stringify(errorBody(code, message)) });
        }
      } finally {
        release();
      }
    });
  };
}

const isLive = (stored: StoredRun) => stored.status === 'queued' || stored.status === 'running';

/**
 * A run this server does not hold: from the store. Ended, it answers `run` and its `result` at once;
 * still queued or running elsewhere (another server on the same database), it says so and ends.
 * The ids are the live stream's: `run` is 0 (no sample was ever sent from here), the end is `end`;
 * a client resuming after `run` (`Last-Event-ID: 0`) gets the end only.
 */
function answerStoredRun(c: Context, stored: StoredRun, hasRun: boolean, release: () => void): Response {
  return eventStream(c, async (stream) => {
    try {
      if (!hasRun) await stream.writeSSE({ event: 'run', id: '0', data: JSON.stringify(toApiRun(stored)) });
      if (stored.result) {
        await stream.writeSSE({ event: 'result', id: END_EVENT_ID, data: JSON.stringify(stored.result) });
        return;
      }
      const { code, message } =
        stored.error ??
        (isLive(stored)
          ? {
              code: 'run_elsewhere',
              message: `run ${stored.id} is ${stored.status} on another server; poll GET /runs/${stored.id}`,
            }
          : { code: 'internal', message: 'the run ended without a result' });
      await stream.writeSSE({ event: 'error', id: END_EVENT_ID, data: JSON.stringify(errorBody(code, message)) });
    } finally {
      release();
    }
  });
}
