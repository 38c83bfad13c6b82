/**
 * Every limit a user can set, with its flag and environment variable: the one source for the CLI's
 * parsing and help, and for the README's Limits table (a test checks that the two agree).
 */
import { CONFIG_BOUNDS } from '@racelab/schema';
import type { ApiLimits } from './limits.js';

export interface LimitSetting {
  key: keyof ApiLimits;
  flag: `--${string}`;
  env: `RACELAB_API_${string}`;
  min: number;
  max: number;
  /** One line for --help. */
  help: string;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export const LIMIT_SETTINGS: readonly LimitSetting[] = [
  {
    key: 'maxQueuedRuns',
    flag: '--max-queued',
    env: 'RACELAB_API_MAX_QUEUED',
    min: 0,
    max: 10_000,
    help: 'runs that may wait behind the running one',
  },
  {
    key: 'maxQueuedRunsPerClient',
    flag: '--max-queued-per-client',
    env: 'RACELAB_API_MAX_QUEUED_PER_CLIENT',
    min: 0,
    max: 10_000,
    help: 'runs one client (token, else address) may have waiting',
  },
  {
    key: 'maxStreamsPerClient',
    flag: '--max-streams-per-client',
    env: 'RACELAB_API_MAX_STREAMS_PER_CLIENT',
    min: 1,
    max: 100_000,
    help: 'event streams one client may have open',
  },
  {
    key: 'maxTotalIncrements',
    flag: '--max-increments',
    env: 'RACELAB_API_MAX_INCREMENTS',
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    help: 'ceiling on workers × iterations × trials',
  },
  {
    key: 'maxWorkers',
    flag: '--max-workers',
    env: 'RACELAB_API_MAX_WORKERS',
    min: 1,
    max: CONFIG_BOUNDS.workers.max,
    help: 'ceiling on workers (threads) per run',
  },
  {
    key: 'runTimeoutMs',
    flag: '--run-timeout-ms',
    env: 'RACELAB_API_RUN_TIMEOUT_MS',
    min: 1,
    max: MAX_TIMER_MS,
    help: 'wall time of one run before it fails with "timeout"',
  },
  {
    key: 'maxHistory',
    flag: '--history',
    env: 'RACELAB_API_HISTORY',
    min: 0,
    max: 100_000,
    help: 'finished runs kept in memory',
  },
  {
    key: 'maxBodyBytes',
    flag: '--max-body-bytes',
    env: 'RACELAB_API_MAX_BODY_BYTES',
    min: 2,
    max: 1024 * 1024,
    help: 'largest request body',
  },
  {
    key: 'maxResultBytes',
    flag: '--max-result-bytes',
    env: 'RACELAB_API_MAX_RESULT_BYTES',
    min: 1024,
    max: 64 * 1024 * 1024,
    help: 'largest result POST /results accepts',
  },
  {
    key: 'maxResultsPerMinute',
    flag: '--max-results-per-minute',
    env: 'RACELAB_API_MAX_RESULTS_PER_MINUTE',
    min: 1,
    max: 1_000_000,
    help: 'results one client may record a minute (POST /results)',
  },
  {
    key: 'storeBufferRuns',
    flag: '--store-buffer',
    env: 'RACELAB_API_STORE_BUFFER',
    min: 1,
    max: 1_000_000,
    help: 'runs kept in memory while the run store is unavailable',
  },
  {
    key: 'headersTimeoutMs',
    flag: '--headers-timeout-ms',
    env: 'RACELAB_API_HEADERS_TIMEOUT_MS',
    min: 1,
    max: MAX_TIMER_MS,
    help: 'time a client has to send its request head',
  },
  {
    key: 'requestTimeoutMs',
    flag: '--request-timeout-ms',
    env: 'RACELAB_API_REQUEST_TIMEOUT_MS',
    min: 1,
    max: MAX_TIMER_MS,
    help: 'time a client has to send its whole request',
  },
  {
    key: 'keepAliveTimeoutMs',
    flag: '--keep-alive-timeout-ms',
    env: 'RACELAB_API_KEEP_ALIVE_TIMEOUT_MS',
    // Node advertises whole seconds (Keep-Alive: timeout=N): under 1 s it says 0, which clients read
    // as no hint, and they would keep reusing sockets the server is closing.
    min: 1_000,
    max: MAX_TIMER_MS,
    help: 'idle keep-alive connections are closed after',
  },
  {
    key: 'maxConnections',
    flag: '--max-connections',
    env: 'RACELAB_API_MAX_CONNECTIONS',
    min: 1,
    max: 1_000_000,
    help: 'open connections in all',
  },
  {
    key: 'maxConnectionsPerClient',
    flag: '--max-connections-per-client',
    env: 'RACELAB_API_MAX_CONNECTIONS_PER_CLIENT',
    min: 1,
    max: 1_000_000,
    help: 'open connections from one address',
  },
];
