/**
 * `POST /results`: a result measured elsewhere (the page's "run it in this browser", or `racelab run
 * --submit URL` on another machine) goes into the notebook, checked first, stored unverified.
 */
import { createRoute } from '@hono/zod-openapi';
import {
  type ExperimentResult,
  ExperimentResultSchema,
  fieldIssues,
  formatIssues,
  type RunSource,
  type StoredRun,
} from '@racelab/schema';
import { StoreError } from '@racelab/store';
import type { MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { RunSchema } from '../api-schemas.js';
import { ApiHttpError } from '../http/api-http-error.js';
import { clientHash } from '../http/client-hash.js';
import type { ApiEnv } from '../http/client-identity.js';
import { errorBody } from '../http/error-body.js';
import { jsonBody } from '../http/json-body.js';
import { errorResponses, jsonContent, requiresToken } from '../http/openapi-responses.js';
import { createRouter } from '../http/router.js';
import { resultProblems } from '../results/check-result.js';
import { toApiRun } from '../runs/api-run.js';
import type { RunQueue } from '../runs/run-queue.js';

const RATE_WINDOW_MS = 60_000;

const recordResult = (perClient: MiddlewareHandler<ApiEnv>) =>
  createRoute({
    method: 'post',
    path: '/',
    operationId: 'recordResult',
    tags: ['runs'],
    summary: 'Record a result measured elsewhere',
    description: [
      'Stores an `ExperimentResult` made by racelab somewhere else: in a browser (the web page sends its',
      '"run it in this browser" results), or by `racelab run --submit URL` on another machine. The result',
      "must parse and hold together (expected = workers × iterations; each trial's lostUpdates = expected −",
      "actual, actual never above expected; the summary is the one its trials give; a trace's repeatedReads +",
      'readsAboveFinal = lostUpdates), else 400 naming each field that disagrees. Stored with `verified:',
      'false` (nothing here re-ran it) and `source` `browser` when `environment.runtime.name` is `browser`,',
      "else `submitted`. The run keeps the result's id: an id already in the notebook is 409 `run_exists`.",
      'Bodies are capped (413 past `--max-result-bytes`, 2 MiB by default) and each client may record a',
      'limited number a minute (429 with Retry-After past `--max-results-per-minute`).',
    ].join(' '),
    security: requiresToken,
    middleware: [perClient, jsonBody()] as const,
    request: {
      body: {
        required: true,
        description: 'The result, exactly as racelab printed or answered it.',
        content: { 'application/json': { schema: ExperimentResultSchema } },
      },
    },
    responses: {
      201: jsonContent(RunSchema, 'The run as stored; `Location` names it.'),
      ...errorResponses(400, 401, 409, 413, 415, 429, 503),
    },
  });

function runExists(id: string): ApiHttpError {
  return new ApiHttpError(
    409,
    'run_exists',
    `a run with id ${id} is already in the notebook; a result is recorded once (give it a new id to record it again)`,
  );
}

/** The one rule for `source`: what the result says it ran on. */
export function sourceOf(result: ExperimentResult): RunSource {
  return result.environment.runtime?.name === 'browser' ? 'browser' : 'submitted';
}

export function resultRoutes(queue: RunQueue) {
  const { maxResultsPerMinute, retryAfterSeconds } = queue.limits;
  const perClient = rateLimiter<ApiEnv>({
    windowMs: RATE_WINDOW_MS,
    limit: maxResultsPerMinute,
    keyGenerator: (c) => c.var.client,
    standardHeaders: false,
    handler: (c) => {
      const reset = c.get('rateLimit' as never) as { resetTime?: Date } | undefined;
      const seconds = reset?.resetTime ? Math.ceil((reset.resetTime.getTime() - Date.now()) / 1000) : retryAfterSeconds;
      const wait = Math.max(1, seconds);
      throw new ApiHttpError(
        429,
        'too_many_results',
        `you already recorded ${maxResultsPerMinute} results this minute, this server's limit per client; retry in ${wait} s`,
        { headers: { 'Retry-After': String(wait) } },
      );
    },
  });
  return createRouter().openapi(
    recordResult(perClient),
    async (c) => {
      const result = c.req.valid('json');
      // Hono caches the parsed body: this reads what the client sent, before the schema dropped anything.
      const problems = resultProblems(result, await c.req.json());
      if (problems.length > 0) {
        const list = problems.map(({ field, message }) => `${field} ${message}`).join('; ');
        throw new ApiHttpError(400, 'inconsistent_result', `the result does not hold together: ${list}`, {
          details: problems,
        });
      }
      const store = queue.keeper.store;
      if (queue.find(result.id)) throw runExists(result.id);
      const run: StoredRun = {
        id: result.id,
        status: result.status,
        config: result.config,
        source: sourceOf(result),
        client: clientHash(c),
        verified: false,
        createdAt: new Date().toISOString(),
        startedAt: result.startedAt,
        endedAt: result.finishedAt,
        result,
      };
      if (result.environment.host !== undefined) run.host = result.environment.host;
      if (result.error !== undefined) run.error = result.error;
      // Written straight away, not buffered: if the store is away the client still holds its result (503, retry).
      // Insert-only: the database decides, so of two concurrent posts of one id exactly one is recorded.
      try {
        await store.insert(run);
      } catch (error) {
        if (error instanceof StoreError && error.code === 'run_exists') throw runExists(result.id);
        throw error;
      }
      c.header('Location', `/runs/${encodeURIComponent(run.id)}`);
      return c.json(toApiRun(run), 201);
    },
    (outcome, c) => {
      if (outcome.success) return;
      return c.json(
        errorBody('invalid_result', `invalid result: ${formatIssues(outcome.error)}`, fieldIssues(outcome.error)),
        400,
      );
    },
  );
}
