/** racelab's own strategies, on one warm `ExperimentRunner`, taking turns trial by trial. */
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
