/**
 * racelab's own strategies, on one warm `ExperimentRunner`, taking turns trial by trial. Each
 * strategy first runs one discarded warm-up trial at the point: every worker is its own V8 isolate
 * and compiles its loop on first use, which at 64 workers on 2 cores costs the first trial up to
 * 4× (10 M against 46 M ops/s for mutex); start-up is measured on its own (see overheads.ts).
 */
import type { ExperimentRunner, Strategy } from '@racelab/core';
import { type Measurement, measurement, type TrialSample } from './measurement.js';
import { STRATEGIES } from './subjects.js';

export async function measureStrategies(
  runner: ExperimentRunner,
  workers: number,
  iterations: number,
  trials: number,
  strategies: readonly Strategy[] = STRATEGIES,
): Promise<Measurement[]> {
  const samples = new Map<Strategy, TrialSample[]>(strategies.map((strategy) => [strategy, []]));
  for (const strategy of strategies) await runner.run({ strategy, workers, iterations, trials: 1 });
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
