import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { StoredRun } from '@racelab/schema';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { RunIdParamsSchema } from '../api-schemas.js';
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
    'Comment lines keep an idle stream open through proxies. A client may hold a limited number of',
    'streams at once (429 `too_many_streams` past it).',
  ].join('\n'),
  request: { params: RunIdParamsSchema },
  responses: {
    200: {
      description: 'An event stream.',
      content: { 'text/event-stream': { schema: z.string().meta({ description: 'Server-Sent Events.' }) } },
    },
    ...errorResponses(404, 429, 503),
  },
});

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
    const release = slots.take(c.var.client);
    if (!release) throw new TooManyStreamsError(maxStreamsPerClient, retryAfterSeconds);
    onEventStream?.(c);
    if (!record) return answerStoredRun(c, stored as StoredRun, release);
    const followed = record;
    return streamSSE(c, async (stream) => {
      const disconnected = new AbortController();
      stream.onAbort(() => disconnected.abort());
      try {
        await stream.writeSSE({ event: 'run', data: JSON.stringify(followed.toJSON()) });
        for await (const update of followRun(followed, disconnected.signal, eventKeepAliveMs)) {
          if (update.type === 'progress') {
            await stream.writeSSE({ event: 'progress', data: JSON.stringify(update.snapshot) });
          } else {
            await stream.write(': keep-alive\n\n');
          }
        }
        if (disconnected.signal.aborted) return;
        if (followed.result) {
          await stream.writeSSE({ event: 'result', data: JSON.stringify(followed.result) });
        } else {
          const { code, message } = followed.error ?? { code: 'internal', message: 'the run ended without a result' };
          await stream.writeSSE({ event: 'error', data: JSON.stringify(errorBody(code, message)) });
        }
      } finally {
        release();
      }
    });
  };
}

/**
 * A run this server does not hold: from the store. Ended, it answers `run` and its `result` at once;
 * still queued or running elsewhere (another server on the same database), it says so and ends.
 */
function answerStoredRun(c: Context, stored: StoredRun, release: () => void): Response {
  return streamSSE(c, async (stream) => {
    try {
      await stream.writeSSE({ event: 'run', data: JSON.stringify(toApiRun(stored)) });
      if (stored.result) {
        await stream.writeSSE({ event: 'result', data: JSON.stringify(stored.result) });
        return;
      }
      const { code, message } =
        stored.error ??
        (stored.status === 'queued' || stored.status === 'running'
          ? {
              code: 'run_elsewhere',
              message: `run ${stored.id} is ${stored.status} on another server; poll GET /runs/${stored.id}`,
            }
          : { code: 'internal', message: 'the run ended without a result' });
      await stream.writeSSE({ event: 'error', data: JSON.stringify(errorBody(code, message)) });
    } finally {
      release();
    }
  });
}
