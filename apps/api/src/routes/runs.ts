import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  ListRunsQuerySchema,
  RunGroupSchema,
  RunIdParamsSchema,
  RunListSchema,
  RunSchema,
  SubmitRunBodySchema,
  SubmitRunQuerySchema,
} from '../api-schemas.js';
import { clientHash } from '../http/client-hash.js';
import { jsonBody } from '../http/json-body.js';
import { errorResponses, jsonContent, requiresToken } from '../http/openapi-responses.js';
import { createRouter } from '../http/router.js';
import type { Lab } from '../lab/lab.js';
import { NotALabError } from '../lab/lab-errors.js';
import { toApiRun } from '../runs/api-run.js';
import { RunAlreadyEndedError, UnknownRunError } from '../runs/run-errors.js';
import type { RunQueue } from '../runs/run-queue.js';
import type { RunRecord } from '../runs/run-record.js';
import { runEventsRoute, streamRunEvents } from './run-events.js';
import { exportRuns, listRunPage } from './run-list.js';

const submitRun = createRoute({
  method: 'post',
  path: '/',
  operationId: 'submitRun',
  tags: ['runs'],
  summary: 'Queue an experiment',
  description: [
    'Runs execute one at a time, in submission order. Answers 202 at once with the queued run and a `Location` header; with `?wait=true`, answers 200 once the run has ended.',
    'In a lab (servers sharing one PostgreSQL database), `hosts` picks where: absent, the first idle host; a list, one run on each named host; `"all"`, one run on every live host.',
    'A submission that makes several runs answers `{ "group", "runs" }` (`?wait=true`: once all have ended).',
    'Outside a lab (SQLite or no store) this server is the only host: its own name and `"all"` (a group of one) run here.',
    '400 `unknown_host` for a name the lab (or this lone server) does not know; 503 `shutting_down` from a host leaving the lab; 409 `no_live_hosts` for `"all"` when the lab shows no live host (only when even the answering host is past its lease: just back from a freeze, before its next heartbeat); per-client limits count queued runs across the lab.',
  ].join(' '),
  security: requiresToken,
  middleware: [jsonBody()] as const,
  request: {
    query: SubmitRunQuerySchema,
    body: {
      required: false,
      description: 'Every field is optional; an empty body runs the default experiment.',
      content: { 'application/json': { schema: SubmitRunBodySchema } },
    },
  },
  responses: {
    200: jsonContent(RunSchema, 'With `?wait=true`: the run (or the group), ended.'),
    202: jsonContent(RunSchema, 'The run (or the group), queued (or already running).'),
    ...errorResponses(400, 401, 409, 413, 415, 429, 503),
  },
});

// Documented as either a run or a group; typed (for `hc` and the page) as the one run most callers get.
for (const status of [200, 202] as const) {
  Object.assign(submitRun.responses[status].content['application/json'], {
    schema: z.union([RunSchema, RunGroupSchema]),
  });
}

function listRuns(queue: RunQueue) {
  const route = listRunsPage(queue);
  // Documented with the two export formats as well; typed (for `hc`) as the JSON page the handler returns.
  Object.assign(route.responses[200].content, {
    'text/csv': {
      schema: z.string().meta({ description: 'A header row of the run summary columns, then one run a row.' }),
    },
    'application/x-ndjson': { schema: z.string().meta({ description: 'One `Run` as JSON a line.' }) },
  });
  return route;
}

const listRunsPage = (queue: RunQueue) =>
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'listRuns',
    security: [],
    tags: ['runs'],
    summary: 'Runs from the notebook, newest first, filtered and paged',
    description: [
      'Reads the run store (`--database`): runs made here, recorded with POST /results, or by any front end',
      'sharing the database. Runs queued or running in this server show their live state. Every filter',
      "narrows the match; `limit` (1 to 100, default 50) and `cursor` (the previous page's `nextCursor`)",
      'page through them by keyset, so pages stay stable while runs are added. `format=csv|ndjson` streams',
      'every match instead. 503 `store_unavailable` while the store cannot be read (PostgreSQL down).',
    ].join(' '),
    // csv and ndjson stream from this middleware, after the query is validated: the handler (and the
    // typed client) deal in JSON pages only.
    middleware: [exportRuns(queue)] as const,
    request: { query: ListRunsQuerySchema },
    responses: {
      200: {
        description: 'One page of runs; with `format`, every matching run.',
        content: {
          'application/json': { schema: RunListSchema },
        },
      },
      ...errorResponses(400, 503),
    },
  });

const getRun = createRoute({
  method: 'get',
  path: '/{id}',
  operationId: 'getRun',
  security: [],
  tags: ['runs'],
  summary: 'One run: its status, live progress while running, and its result once ended',
  description:
    'Runs live in this server answer from memory; any other from the run store, so a run is found after a restart.',
  request: { params: RunIdParamsSchema },
  responses: { 200: jsonContent(RunSchema, 'The run.'), ...errorResponses(404, 503) },
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
  responses: { 200: jsonContent(RunSchema, 'The run, cancelled.'), ...errorResponses(401, 404, 409, 503) },
});

/** A submission that made a group (several hosts, or `"all"`): documented as `RunGroup`, typed as a run. */
function groupAnswer(group: string, records: RunRecord[]) {
  return { group, runs: records.map((run) => run.toJSON()) } as unknown as ReturnType<RunRecord['toJSON']>;
}

/**
 * `hosts` on a server that is not part of a lab: its own name and `"all"` mean this server (`"all"`
 * makes a group of one, as in a lab); any other name is `unknown_host`. Returns the group, if any.
 */
function targetThisHost(hosts: readonly string[] | 'all', hostName: string): string | undefined {
  if (hosts === 'all') return crypto.randomUUID();
  const unknown = [...new Set(hosts)].filter((name) => name !== hostName);
  if (unknown.length > 0) throw new NotALabError(unknown, hostName);
  return undefined;
}

export function runRoutes(queue: RunQueue, onEventStream?: (c: Context) => void, lab?: Lab, hostName = 'localhost') {
  return createRouter()
    .openapi(submitRun, async (c) => {
      const { hosts, ...input } = c.req.valid('json') ?? {};
      const wait = c.req.valid('query').wait === 'true';
      if (lab) {
        const { group, runs } = await lab.submit(input, hosts, c.var.client, clientHash(c));
        const [only] = runs;
        if (group === undefined && only) {
          c.header('Location', `/runs/${only.id}`);
          if (!wait) return c.json(only.toJSON(), 202);
          await only.whenEnded;
          return c.json(only.toJSON(), 200);
        }
        // A group, not a Run: see the documented union above.
        c.header('Location', `/runs?group=${group}`);
        if (!wait) return c.json(groupAnswer(group ?? '', runs), 202);
        await Promise.all(runs.map((run) => run.whenEnded));
        return c.json(groupAnswer(group ?? '', runs), 200);
      }
      const group = hosts === undefined ? undefined : targetThisHost(hosts, hostName);
      const record = queue.submit(input, c.var.client, clientHash(c), group);
      // The queued run is in the store before anyone learns its id (a crash now leaves it `interrupted`).
      await record.saved;
      c.header('Location', group === undefined ? `/runs/${record.id}` : `/runs?group=${group}`);
      const reply = () => (group === undefined ? record.toJSON() : groupAnswer(group, [record]));
      if (!wait) return c.json(reply(), 202);
      await record.whenEnded;
      return c.json(reply(), 200);
    })
    .openapi(listRuns(queue), async (c) => {
      const { format: _format, ...filter } = c.req.valid('query');
      return c.json(await listRunPage(queue, filter), 200);
    })
    .openapi(getRun, async (c) => {
      const { id } = c.req.valid('param');
      const record = queue.find(id);
      if (record) return c.json(record.toJSON(), 200);
      const stored = await queue.keeper.store.get(id);
      if (!stored) throw new UnknownRunError(id);
      return c.json(toApiRun(stored), 200);
    })
    .openapi(cancelRun, async (c) => {
      const { id } = c.req.valid('param');
      if (lab && !queue.isRunningHere(id)) {
        // In a lab the run may be queued in PostgreSQL or running on another host.
        const stored = await queue.keeper.store.get(id);
        if (!stored) throw new UnknownRunError(id);
        if (stored.status !== 'queued' && stored.status !== 'running')
          throw new RunAlreadyEndedError(id, stored.status);
        const record = await lab.cancel(stored);
        return c.json(record.toJSON(), 200);
      }
      if (!queue.find(id)) {
        // Not here: an ended run from the store cannot be cancelled; anything else is unknown here.
        const stored = await queue.keeper.store.get(id);
        if (stored && stored.status !== 'queued' && stored.status !== 'running') {
          throw new RunAlreadyEndedError(id, stored.status);
        }
      }
      const record = await queue.cancel(id);
      return c.json(record.toJSON(), 200);
    })
    .openapi(runEventsRoute, streamRunEvents(queue, onEventStream, lab));
}
