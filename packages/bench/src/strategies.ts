/**
 * racelab's own strategies, on one warm `ExperimentRunner`, taking turns trial by trial. Each
 * strategy first runs discarded warm-up trials at the point, ~200,000 increments per worker (1 to
 * 4 trials): every worker is its own V8 isolate that compiles its loop on first use, and at 64
 * workers on 2 cores the compiles compete for the cores: trials 1–3 measured 11, 21 and 30 M ops/s
 * for mutex against 41–47 M from the fourth on. Start-up is measured on its own (overheads.ts).
 */
import type { ExperimentRunner, Strategy } from '@racelab/core';
import { type Measurement, measurement, type TrialSample } from './measurement.js';
import { STRATEGIES } from './subjects.js';

const WARMUP_INCREMENTS_PER_WORKER = 200_000;
const MAX_WARMUP_TRIALS = 4;

export function warmupTrials(iterations: number): number {
  return Math.min(MAX_WARMUP_TRIALS, Math.max(1, Math.ceil(WARMUP_INCREMENTS_PER_WORKER / iterations)));
}

export async function measureStrategies(
  runner: ExperimentRunner,
  workers: number,
  iterations: number,
  trials: number,
  strategies: readonly Strategy[] = STRATEGIES,
): Promise<Measurement[]> {
  const samples = new Map<Strategy, TrialSample[]>(strategies.map((strategy) => [strategy, []]));
  for (const strategy of strategies)
    await runner.run({ strategy, workers, iterations, trials: warmupTrials(iterations) });
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
