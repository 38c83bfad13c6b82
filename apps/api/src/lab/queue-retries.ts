/**
 * graphile-worker retries a query that failed with a serialization error or an unreachable host,
 * but not one that failed because PostgreSQL restarted (the connection refused, or closed by an
 * administrator command): marking a finished job complete then rejects with nobody to catch it, and
 * the process dies. A lab must ride out a PostgreSQL restart, so these codes are added to the
 * library's own table of retryable errors (read at each failure), with its usual backoff. The job's
 * run is safe either way: the run store, not the queue, decides that a run starts once.
 */
import { RETRYABLE_ERROR_CODES } from 'graphile-worker/dist/lib.js';

const RESTART = { minDelay: 200, maxDelay: 5_000 };

/** Connection refused or reset, the server shutting down or starting up, the connection lost. */
const RESTART_CODES = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', '57P01', '57P02', '08000', '08003', '08006'];

export function retryAcrossRestarts(): void {
  const table = RETRYABLE_ERROR_CODES as Record<string, { minDelay: number; maxDelay: number }>;
  for (const code of RESTART_CODES) table[code] ??= RESTART;
}
