/**
 * What one server accepts. Experiments are CPU-bound and share the machine's cores, so every
 * limit exists to keep a server that is left running responsive and its memory bounded.
 */
export interface ApiLimits {
  /** Runs waiting behind the running one; one more is answered 429. */
  maxQueuedRuns: number;
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
  /** Largest accepted request body. */
  maxBodyBytes: number;
  /** Milliseconds between two progress samples (and SSE `progress` events) of a run. */
  progressIntervalMs: number;
  /** The `Retry-After` hint sent with a 429. */
  retryAfterSeconds: number;
}

export const DEFAULT_LIMITS: Readonly<ApiLimits> = {
  maxQueuedRuns: 16,
  maxTotalIncrements: 2_000_000_000,
  maxWorkers: 256,
  runTimeoutMs: 60_000,
  maxHistory: 100,
  maxBodyBytes: 16 * 1024,
  progressIntervalMs: 100,
  retryAfterSeconds: 5,
};

export function resolveLimits(overrides: Partial<ApiLimits> = {}): ApiLimits {
  const defined = Object.entries(overrides).filter(([, value]) => value !== undefined);
  return { ...DEFAULT_LIMITS, ...Object.fromEntries(defined) };
}
