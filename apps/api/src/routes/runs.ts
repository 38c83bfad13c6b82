import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  ExperimentConfigSchema,
  ListRunsQuerySchema,
  RunIdParamsSchema,
  RunListSchema,
  RunSchema,
  SubmitRunQuerySchema,
} from '../api-schemas.js';
import { jsonBody } from '../http/json-body.js';
import { errorResponses, jsonContent, requiresToken } from '../http/openapi-responses.js';
import { createRouter } from '../http/router.js';
import type { RunQueue } from '../runs/run-queue.js';
import { runEventsRoute, streamRunEvents } from './run-events.js';

const submitRun = createRoute({
  method: 'post',
  path: '/',
  operationId: 'submitRun',
  tags: ['runs'],
  summary: 'Queue an experiment',
  description:
    'Runs execute one at a time, in submission order. Answers 202 at once with the queued run and a `Location` header; with `?wait=true`, answers 200 once the run has ended.',
  security: requiresToken,
  middleware: [jsonBody()] as const,
  request: {
    query: SubmitRunQuerySchema,
    body: {
      required: false,
      description: 'Every field is optional; an empty body runs the default experiment.',
      content: { 'application/json': { schema: ExperimentConfigSchema } },
    },
  },
  responses: {
    200: jsonContent(RunSchema, 'With `?wait=true`: the run, ended.'),
    202: jsonContent(RunSchema, 'The run, queued (or already running).'),
    ...errorResponses(400, 401, 413, 415, 429, 503),
  },
});

const listRuns = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listRuns',
  security: [],
  tags: ['runs'],
  summary: 'Recent runs, newest first',
  description: 'Runs live in memory only: a restart forgets them, and the oldest finished runs are dropped first.',
  request: { query: ListRunsQuerySchema },
  responses: { 200: jsonContent(RunListSchema, 'Recent runs.'), ...errorResponses(400) },
});

const getRun = createRoute({
  method: 'get',
  path: '/{id}',
  operationId: 'getRun',
  security: [],
  tags: ['runs'],
  summary: 'One run: its status, live progress while running, and its result once ended',
  request: { params: RunIdParamsSchema },
  responses: { 200: jsonContent(RunSchema, 'The run.'), ...errorResponses(404) },
});

const cancelRun = createRoute({
  method: 'delete',
  path: '/{id}',
  operationId: 'cancelRun',
  tags: ['runs'],
  summary: 'Cancel a queued or running run',
  description: 'Answers once the run has ended and its worker threads have stopped.',
  security: requiresToken,
  request: { params: RunIdParamsSchema },
  responses: { 200: jsonContent(RunSchema, 'The run, cancelled.'), ...errorResponses(401, 404, 409) },
});

export function runRoutes(queue: RunQueue, onEventStream?: (c: Context) => void) {
  return createRouter()
    .openapi(submitRun, async (c) => {
      const record = queue.submit(c.req.valid('json'), c.var.client);
      c.header('Location', `/runs/${record.id}`);
      if (c.req.valid('query').wait !== 'true') return c.json(record.toJSON(), 202);
      await record.whenEnded;
      return c.json(record.toJSON(), 200);
    })
    .openapi(listRuns, (c) => {
      const runs = queue.list(c.req.valid('query').limit).map((record) => record.toJSON());
      return c.json({ runs }, 200);
    })
    .openapi(getRun, (c) => c.json(queue.get(c.req.valid('param').id).toJSON(), 200))
    .openapi(cancelRun, async (c) => {
      const record = await queue.cancel(c.req.valid('param').id);
      return c.json(record.toJSON(), 200);
    })
    .openapi(runEventsRoute, streamRunEvents(queue, onEventStream));
}
