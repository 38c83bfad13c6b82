/**
 * What a run costs besides its increments: thread start-up (a cold one-shot against a warm rerun
 * on the long-lived runner), live telemetry (progress sampling on against off), and memory.
 */
import { type ExperimentRunner, runExperiment } from '@racelab/core';
import { monotonicMs } from './anchors/shared-words.js';
import { medianOf } from './measurement.js';

export const SEED_RUN = { strategy: 'mutex', workers: 10, iterations: 100_000 } as const;

export interface StartupCost {
  /** `runExperiment` start to resolution on fresh threads: spawn, run, close. */
  coldTotalMs: number;
  coldSpawnMs: number;
  coldRunMs: number;
  /** `runner.run` start to resolution on warm threads, and the run inside it. */
  warmTotalMs: number;
  warmRunMs: number;
  /** warmTotalMs / warmRunMs: what a rerun adds to the increments themselves. */
  warmOverhead: number;
}

export async function measureStartup(runner: ExperimentRunner, repeats: number): Promise<StartupCost> {
  const cold = { total: [] as number[], spawn: [] as number[], run: [] as number[] };
  const warm = { total: [] as number[], run: [] as number[] };
  await runner.warm(SEED_RUN.workers);
  await runner.run(SEED_RUN);
  for (let repeat = 0; repeat < repeats; repeat++) {
    let startedAt = monotonicMs();
    const once = await runExperiment(SEED_RUN);
    cold.total.push(monotonicMs() - startedAt);
    cold.spawn.push(once.trials[0]?.spawnMs ?? Number.NaN);
    cold.run.push(once.trials[0]?.runMs ?? Number.NaN);
    startedAt = monotonicMs();
    const rerun = await runner.run(SEED_RUN);
    warm.total.push(monotonicMs() - startedAt);
    warm.run.push(rerun.trials[0]?.runMs ?? Number.NaN);
  }
  const warmTotalMs = medianOf(warm.total);
  const warmRunMs = medianOf(warm.run);
  return {
    coldTotalMs: medianOf(cold.total),
    coldSpawnMs: medianOf(cold.spawn),
    coldRunMs: medianOf(cold.run),
    warmTotalMs,
    warmRunMs,
    warmOverhead: medianOf(warm.total.map((total, index) => total / (warm.run[index] ?? Number.NaN))),
  };
}

export interface TelemetryCost {
  strategy: 'mutex' | 'atomic';
  workers: number;
  iterations: number;
  /** Progress snapshots delivered over all sampled runs (proof that sampling ran). */
  snapshots: number;
  /** Median ops/s with no `onProgress`, with the default 50 ms sampling, and with the fastest, 10 ms. */
  off: number;
  every50ms: number;
  every10ms: number;
  /** Median over rounds of 1 − on/off: the share of throughput sampling costs (≤ 0: lost in noise). */
  cost50ms: number;
  cost10ms: number;
}

export async function measureTelemetry(
  runner: ExperimentRunner,
  strategy: 'mutex' | 'atomic',
  iterations: number,
  repeats: number,
): Promise<TelemetryCost> {
  const workers = 10;
  const modes = [undefined, 50, 10] as const;
  const ops: number[][] = modes.map(() => []);
  let snapshots = 0;
  const onProgress = () => {
    snapshots++;
  };
  for (let round = 0; round < repeats; round++) {
    for (const [index, interval] of modes.entries()) {
      const options = interval === undefined ? {} : { onProgress, progressIntervalMs: interval };
      const result = await runner.run({ strategy, workers, iterations, trials: 1 }, options);
      ops[index]?.push(result.summary.opsPerSecond?.median ?? Number.NaN);
    }
  }
  const [off, every50ms, every10ms] = ops.map((values) => medianOf(values)) as [number, number, number];
  // Rounds are paired (off, 50 ms, 10 ms back to back), so each round's ratio cancels slow drift.
  const pairedCost = (mode: number) =>
    medianOf((ops[0] ?? []).map((offOps, round) => 1 - (ops[mode]?.[round] ?? Number.NaN) / offOps));
  return {
    strategy,
    workers,
    iterations,
    snapshots,
    off,
    every50ms,
    every10ms,
    cost50ms: pairedCost(1),
    cost10ms: pairedCost(2),
  };
}

export interface MemoryUse {
  /** Resident set before the first worker started, in MiB. */
  baselineRssMiB: number;
  /** Resident set with 64 idle warm workers, and what each adds. */
  rssWith64WorkersMiB: number;
  perWorkerMiB: number;
  /** The process's peak resident set over the whole bench (getrusage maxrss). */
  peakRssMiB: number;
}

export const MiB = 1024 * 1024;

export function peakRssMiB(): number {
  return (process.resourceUsage().maxRSS * 1024) / MiB;
}
