/**
 * The fairness probe's shared memory, one 64-byte line each: control (start barrier, stop flag,
 * the round's timing mode), the counter, the spinlock word, racelab's Mutex, the baseline mutex.
 */
export const GENERATION = 0;
export const STOP = 1;
export const MODE = 2;
export const COUNTER = 16;
export const SPINLOCK = 32;
export const MUTEX_OFFSET = 3 * 64;
export const LEGACY_MUTEX_OFFSET = 4 * 64;
export const PROBE_BYTES = 5 * 64;

/**
 * How a round times its acquisitions:
 * - `plain`: not at all (throughput);
 * - `every`: each one, with a clock read before `lock()` and one after it returns;
 * - `contended`: as racelab's runner does, only those that find the lock taken (`tryLock` first).
 */
export const TIMING_MODES = ['plain', 'every', 'contended'] as const;
export type TimingMode = (typeof TIMING_MODES)[number];

export const PROBE_KINDS = ['mutex', 'legacy-mutex', 'spinlock', 'atomics-mutex', 'web-locks', 'atomic'] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];
