import { createRequire } from 'node:module';
import { DEFAULT_LIMITS } from './limits.js';

const packageJson = createRequire(import.meta.url)('../package.json') as { version: string };

/** The top of `GET /openapi.json`; the paths and schemas come from the routes themselves. */
export const openApiDocumentInfo = {
  openapi: '3.1.0',
  info: {
    title: 'racelab API',
    version: packageJson.version,
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
  tags: [
    { name: 'runs', description: 'Queue, follow and cancel experiments.' },
    { name: 'experiments', description: 'What an experiment can be.' },
    { name: 'service', description: 'The server itself.' },
  ],
};
