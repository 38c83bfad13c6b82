/**
 * racelab's own strategies, on one warm `ExperimentRunner`, taking turns trial by trial. Each
 * strategy first runs discarded warm-up trials at the point, until each worker has done 600,000
 * increments or 3 s have passed: every worker is its own V8 isolate that compiles its loop on first
 * use, and the compiles run on V8's background threads, which busy workers starve on 2 cores. At 64
 * workers × 62,500 the mutex needed ~7 trials (26, 31, 33 M ops/s, then 43–49 M). The sweeps report
 * the warm runner's steady state; start-up is measured on its own (overheads.ts).
 */
import type { ExperimentRunner } from '@racelab/core';
import { STRATEGIES, type Strategy } from '@racelab/schema';
import { monotonicMs } from './anchors/shared-words.js';
import { type Measurement, measurement, type TrialSample } from './measurement.js';

const WARMUP_INCREMENTS_PER_WORKER = 600_000;
const WARMUP_MAX_MS = 3_000;

async function warmUp(runner: ExperimentRunner, strategy: Strategy, workers: number, iterations: number) {
  const startedAt = monotonicMs();
  let perWorker = 0;
  do {
    await runner.run({ strategy, workers, iterations, trials: 1 });
    perWorker += iterations;
  } while (perWorker < WARMUP_INCREMENTS_PER_WORKER && monotonicMs() - startedAt < WARMUP_MAX_MS);
}

export async function measureStrategies(
  runner: ExperimentRunner,
  workers: number,
  iterations: number,
  trials: number,
  strategies: readonly Strategy[] = STRATEGIES,
): Promise<Measurement[]> {
  const samples = new Map<Strategy, TrialSample[]>(strategies.map((strategy) => [strategy, []]));
  for (const strategy of strategies) await warmUp(runner, strategy, workers, iterations);
  for (let round = 0; round < trials; round++) {
    for (const strategy of strategies) {
      const result = await runner.run({ strategy, workers, iterations, trials: 1 });
      const trial = result.trials[0];
      if (result.status !== 'completed' || !trial) {
        throw new Error(`${strategy} at ${workers} × ${iterations} ${result.status}: ${result.error?.message ?? ''}`);
      }
      samples.get(strategy)?.push({
        opsPerSecond: trial.opsPerSecond,
        runMs: trial.runMs,
        increments: result.expected,
        actual: trial.actual,
      });
    }
  }
  return strategies.map((strategy) => measurement(strategy, workers, iterations, samples.get(strategy) ?? []));
}
