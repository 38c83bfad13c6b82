import type { FairnessSettings } from './fairness/fairness-bench.js';
import type { StoreSettings } from './store/store-bench.js';

/** How much the bench measures. `full` stays under ~10 minutes on 2 cores, `quick` under one. */
export interface BenchSettings {
  readonly name: 'full' | 'quick' | 'tiny';
  /** Trials per measurement; strategies take turns trial by trial, so drift hits them alike. */
  readonly trials: number;
  /** The worker sweep: each count shares the same total of increments per trial. */
  readonly workerCounts: readonly number[];
  readonly sweepTotal: number;
  /** The iterations sweep runs at this many workers; its largest point is where targets are read. */
  readonly iterationsWorkers: number;
  readonly iterationCounts: readonly number[];
  /** Web Locks pay a promise and a cross-thread message per lock: their trials are capped. */
  readonly webLocksMaxTotal: number;
  /** V8's Atomics.Mutex parks threads the slow way under contention: its trials are capped too. */
  readonly nativeMutexMaxTotal: number;
  /** Cold one-shot runs and warm reruns timed, and telemetry on/off rounds. */
  readonly overheadRepeats: number;
  readonly telemetryIterations: number;
  /** Paired off / 50 ms / 10 ms rounds: a 5 % effect needs many, as single runs vary by ±15 %. */
  readonly telemetryRounds: number;
  /** Start-to-exit timings of the one-shot command and the Python seed script. */
  readonly oneShotRepeats: number;
  /** Time the one-shot commands with hyperfine too, when it is installed. */
  readonly hyperfine: boolean;
  /** The runtime table: one point, measured in `rounds` fresh processes (or pages) per runtime. */
  readonly runtimeTable: { readonly workers: number; readonly iterations: number; readonly rounds: number };
  /** The fairness probe (issue #11): locks, worker counts, critical sections, rounds. */
  readonly fairness: FairnessSettings;
  /** The store section (issue 17): inserts, pages from a seeded store, size, the driver's costs. */
  readonly store: StoreSettings;
}

export const fullSettings: BenchSettings = {
  name: 'full',
  trials: 5,
  workerCounts: [1, 2, 4, 8, 16, 32, 64],
  sweepTotal: 4_000_000,
  iterationsWorkers: 10,
  iterationCounts: [10_000, 100_000, 1_000_000],
  webLocksMaxTotal: 2_000,
  nativeMutexMaxTotal: 10_000_000,
  overheadRepeats: 5,
  telemetryIterations: 1_000_000,
  telemetryRounds: 15,
  oneShotRepeats: 10,
  hyperfine: true,
  runtimeTable: { workers: 10, iterations: 1_000_000, rounds: 5 },
  fairness: {
    kinds: ['mutex', 'legacy-mutex', 'spinlock', 'atomics-mutex', 'web-locks'],
    workerCounts: [2, 8, 64],
    csNs: [0, 1_000],
    windowMs: 500,
    rounds: 3,
    throughputWorkers: 10,
    timingCostRounds: 7,
  },
  store: { seedRuns: 1_000_000, insertRounds: 200, pageRounds: 30, openRounds: 10, installDriver: true },
};

export const quickSettings: BenchSettings = {
  name: 'quick',
  trials: 3,
  workerCounts: [1, 2, 8, 64],
  sweepTotal: 1_000_000,
  iterationsWorkers: 10,
  iterationCounts: [100_000],
  webLocksMaxTotal: 500,
  nativeMutexMaxTotal: 500_000,
  overheadRepeats: 3,
  telemetryIterations: 200_000,
  telemetryRounds: 5,
  oneShotRepeats: 3,
  hyperfine: true,
  runtimeTable: { workers: 4, iterations: 200_000, rounds: 2 },
  fairness: {
    kinds: ['mutex', 'legacy-mutex', 'spinlock'],
    workerCounts: [2, 64],
    csNs: [0],
    windowMs: 200,
    rounds: 1,
    throughputWorkers: 10,
    timingCostRounds: 2,
  },
  store: { seedRuns: 20_000, insertRounds: 50, pageRounds: 5, openRounds: 3, installDriver: false },
};

/** For the harness's own smoke test: every section runs, on almost no work. */
export const tinySettings: BenchSettings = {
  name: 'tiny',
  trials: 1,
  workerCounts: [1, 2],
  sweepTotal: 20_000,
  iterationsWorkers: 2,
  iterationCounts: [5_000],
  webLocksMaxTotal: 100,
  nativeMutexMaxTotal: 10_000,
  overheadRepeats: 1,
  telemetryIterations: 5_000,
  telemetryRounds: 1,
  oneShotRepeats: 1,
  hyperfine: false,
  runtimeTable: { workers: 2, iterations: 5_000, rounds: 1 },
  fairness: {
    kinds: ['mutex', 'legacy-mutex'],
    workerCounts: [2],
    csNs: [0, 1_000],
    windowMs: 20,
    rounds: 1,
    throughputWorkers: 2,
    timingCostRounds: 1,
  },
  store: { seedRuns: 1_000, insertRounds: 6, pageRounds: 1, openRounds: 1, installDriver: false },
};
