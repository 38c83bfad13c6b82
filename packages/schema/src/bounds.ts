/**
 * The config's bounds and defaults as plain data, no zod: forms and help texts read them without
 * loading the validators, and `config.ts` builds its schema from them.
 */

/** Bounds of every config field; the CLI, the API and the docs read them from here. */
export const CONFIG_BOUNDS = {
  workers: { min: 1, max: 256, default: 10 },
  iterations: { min: 1, max: 100_000_000, default: 100_000 },
  trials: { min: 1, max: 100, default: 1 },
} as const;

/**
 * The shared counter is a 32-bit `Int32Array` slot (Atomics on 64-bit counters cost BigInt
 * boxing in the hot loop), so one trial may add at most 2^31 − 1 before it would overflow.
 */
export const MAX_TOTAL_INCREMENTS = 2 ** 31 - 1;

/**
 * A traced trial logs every read as one 32-bit word, so `workers × iterations` is capped when
 * `trace` is on: 2^24 reads, 64 MiB of logs, reused by every trial of the run.
 */
export const MAX_TRACED_INCREMENTS = 2 ** 24;

/** The error code of a traced config over `MAX_TRACED_INCREMENTS` (API: 400; CLI: exit 2). */
export const TRACE_TOO_LARGE = 'trace_too_large';

/** The codes a config can be refused with: `trace_too_large` when that is the only thing wrong. */
export type ConfigErrorCode = 'invalid_config' | typeof TRACE_TOO_LARGE;

export const DEFAULT_CONFIG = {
  strategy: 'mutex',
  workers: CONFIG_BOUNDS.workers.default,
  iterations: CONFIG_BOUNDS.iterations.default,
  trials: CONFIG_BOUNDS.trials.default,
} as const;

/** `workers × iterations`: what the counter reaches when no update is lost. */
export function expectedTotal(config: { readonly workers: number; readonly iterations: number }): number {
  return config.workers * config.iterations;
}
