/**
 * What one server accepts. Experiments are CPU-bound and share the machine's cores, and the server
 * may be left running for weeks, so every limit exists to keep it responsive, fair between clients,
 * and its memory and file descriptors bounded. `LIMIT_SETTINGS` maps each one to its flag and env.
 */
export interface ApiLimits {
  /** Runs waiting behind the running one; one more is answered 429 `queue_full`. */
  maxQueuedRuns: number;
  /** Runs one client (a token, else an address) may have waiting; one more is 429 `client_queue_full`. */
  maxQueuedRunsPerClient: number;
  /** Event streams one client may have open at once; one more is 429 `too_many_streams`. */
  maxStreamsPerClient: number;
  /** Ceiling on workers × iterations × trials for one run. */
  maxTotalIncrements: number;
  /**
   * Ceiling on `workers` for one run. Every worker is a thread (about 8 MB each, and 256 of them
   * took 20 s to start on 2 cores), so a machine shared with others may want far fewer than core's 256.
   */
  maxWorkers: number;
  /** Wall time of one run, passed to the core runner as `timeoutMs`; past it the run ends `failed` (`timeout`). */
  runTimeoutMs: number;
  /** Finished runs kept in memory; the oldest finished are dropped first. */
  maxHistory: number;
  /** Largest accepted request body (`POST /results` has its own, `maxResultBytes`). */
  maxBodyBytes: number;
  /** Largest result `POST /results` accepts: a traced result is under 1 MiB. */
  maxResultBytes: number;
  /** Results one client may record with `POST /results` per minute; one more is 429 `too_many_results`. */
  maxResultsPerMinute: number;
  /**
   * Runs that may wait in memory for the run store while it is unavailable (PostgreSQL down); while
   * that many wait, new runs are refused with 503 `store_unavailable`.
   */
  storeBufferRuns: number;
  /** A client must send its whole request head within this; else 408 and the connection is closed. */
  headersTimeoutMs: number;
  /** A client must send its whole request (head and body) within this. Responses (event streams) are not limited. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Open connections; one more is answered 503 `too_many_connections` and closed at once. */
  maxConnections: number;
  /** Open connections from one address; one more is answered 503 `too_many_connections` and closed. */
  maxConnectionsPerClient: number;
  /** Milliseconds between two progress samples (and SSE `progress` events) of a run. */
  progressIntervalMs: number;
  /** Milliseconds between two comment lines on an event stream with nothing else to say. */
  eventKeepAliveMs: number;
  /** The `Retry-After` hint sent with a 429 or 503. */
  retryAfterSeconds: number;
}

export const DEFAULT_LIMITS: Readonly<ApiLimits> = {
  maxQueuedRuns: 16,
  maxQueuedRunsPerClient: 4,
  maxStreamsPerClient: 16,
  maxTotalIncrements: 2_000_000_000,
  maxWorkers: 256,
  runTimeoutMs: 60_000,
  maxHistory: 100,
  maxBodyBytes: 16 * 1024,
  maxResultBytes: 2 * 1024 * 1024,
  maxResultsPerMinute: 60,
  storeBufferRuns: 1_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
  maxConnectionsPerClient: 128,
  progressIntervalMs: 100,
  eventKeepAliveMs: 15_000,
  retryAfterSeconds: 5,
};

export function resolveLimits(overrides: Partial<ApiLimits> = {}): ApiLimits {
  const defined = Object.entries(overrides).filter(([, value]) => value !== undefined);
  return { ...DEFAULT_LIMITS, ...Object.fromEntries(defined) };
}

/** Limits that cannot hold together, in one line; undefined when they can. */
export function limitsProblem(limits: ApiLimits): string | undefined {
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    return `the headers timeout (${limits.headersTimeoutMs} ms) must not exceed the request timeout (${limits.requestTimeoutMs} ms)`;
  }
  if (limits.maxConnectionsPerClient > limits.maxConnections) {
    return `connections per client (${limits.maxConnectionsPerClient}) must not exceed connections in all (${limits.maxConnections})`;
  }
  return undefined;
}
