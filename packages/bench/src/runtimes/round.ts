/**
 * One round of the runtime table, the same in every runtime: on a warm runner, warm each strategy
 * up, then run one trial of each, taking turns. Runs as a child process under Node.js, Bun and
 * Deno (runtime-round.ts), and in a browser page (runtime-page/): Chromium, Firefox, WebKit.
 */
import { ExperimentRunner, type Strategy } from '@racelab/core';

export const ROUND_STRATEGIES: readonly Strategy[] = ['none', 'mutex', 'spinlock', 'atomic'];
const WARMUP_INCREMENTS_PER_WORKER = 600_000;

export interface RoundRequest {
  workers: number;
  iterations: number;
}

export interface RoundResult {
  /** `environment.runtime` of the results: name and version. */
  runtime: { name: string; version: string };
  opsPerSecond: Record<string, number>;
}

export async function runRound({ workers, iterations }: RoundRequest): Promise<RoundResult> {
  const runner = new ExperimentRunner();
  try {
    const warmups = Math.ceil(WARMUP_INCREMENTS_PER_WORKER / iterations);
    for (const strategy of ROUND_STRATEGIES) {
      for (let run = 0; run < warmups; run++) await runner.run({ strategy, workers, iterations });
    }
    const opsPerSecond: Record<string, number> = {};
    let runtime = { name: 'unknown', version: '' };
    for (const strategy of ROUND_STRATEGIES) {
      const result = await runner.run({ strategy, workers, iterations });
      const trial = result.trials[0];
      if (result.status !== 'completed' || !trial) throw new Error(`${strategy}: ${result.error?.message}`);
      if (strategy !== 'none' && trial.actual !== result.expected) throw new Error(`${strategy} was not exact`);
      opsPerSecond[strategy] = trial.opsPerSecond;
      runtime = result.environment.runtime ?? runtime;
    }
    return { runtime, opsPerSecond };
  } finally {
    await runner.close();
  }
}
