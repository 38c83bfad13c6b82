import { createRequire } from 'node:module';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { ERROR_DESCRIPTIONS } from './http/openapi-responses.js';
import { DEFAULT_LIMITS } from './limits.js';

const packageJson = createRequire(import.meta.url)('../package.json') as { version: string; license: string };

/** The top of `GET /openapi.json`; the paths and schemas come from the routes themselves. */
export const openApiDocumentInfo = {
  openapi: '3.1.0',
  info: {
    title: 'racelab API',
    version: packageJson.version,
    license: { name: `${packageJson.license} License`, identifier: packageJson.license },
    description: [
      'Run the shared-counter race experiment on real worker threads, follow it live, fetch typed results.',
      `Runs are CPU-bound: they execute one at a time from a bounded queue (default ${DEFAULT_LIMITS.maxQueuedRuns} waiting),`,
      `each capped at ${DEFAULT_LIMITS.maxTotalIncrements.toLocaleString('en-US')} increments (workers × iterations × trials)`,
      `and ${DEFAULT_LIMITS.runTimeoutMs / 1000} s of wall time by default.`,
      'Every run is kept in the run store (`--database`: an SQLite file by default, PostgreSQL, or memory only),',
      'found again with GET /runs and its filters; results measured elsewhere are recorded with POST /results.',
      `Each client (its token, else its address) may have ${DEFAULT_LIMITS.maxQueuedRunsPerClient} runs waiting and`,
      `${DEFAULT_LIMITS.maxStreamsPerClient} event streams open by default; past a limit the answer is 429 with Retry-After.`,
    ].join(' '),
  },
  servers: [
    {
      url: '/',
      description: 'The server this document came from (a relative URL: resolve it against where you fetched it).',
    },
    { url: 'http://127.0.0.1:8787', description: 'A local server started with `pnpm api` (the default address).' },
  ],
  tags: [
    { name: 'runs', description: 'Queue, follow and cancel experiments.' },
    { name: 'experiments', description: 'What an experiment can be.' },
    { name: 'service', description: 'The server itself.' },
    { name: 'lab', description: "The hosts sharing this server's PostgreSQL database." },
  ],
};

/** Answers any request can get, whatever its route: a slow or oversized request, a server at its limits. */
const ANY_REQUEST_ERRORS = Object.fromEntries(
  ([408, 431, 503] as const).map((status) => [
    status,
    {
      description: ERROR_DESCRIPTIONS[status],
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
    },
  ]),
);

type Document = ReturnType<OpenAPIHono['getOpenAPI31Document']>;

/** The whole document: every route's operation, plus the errors any request may meet. */
export function buildOpenApiDocument<E extends Env>(app: OpenAPIHono<E>): Document {
  const document = app.getOpenAPI31Document(openApiDocumentInfo);
  for (const path of Object.values(document.paths ?? {})) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = path[method];
      if (operation) operation.responses = { ...ANY_REQUEST_ERRORS, ...operation.responses };
    }
  }
  return document;
}
