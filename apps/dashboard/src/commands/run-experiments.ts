import { ExperimentRunner, type ProgressSnapshot, RunAbortedError } from '@racelab/core';
import { type ExperimentConfig, type ExperimentResult, ExperimentResultSchema } from '@racelab/schema';
import { formatPercent } from '../format/numbers.js';
import { abortOnSignals } from './interrupt.js';
import { type CommandOutput, progressLine } from './output.js';

export interface Outcome {
  /** Validated against the shared schema, in run order; a cancelled run is the last one. */
  results: ExperimentResult[];
  /** 0 done, 1 a run failed, 130/143 interrupted. */
  exitCode: number;
}

/**
 * Runs the configs one after another on one warm runner, so `compare` pays thread start-up once.
 * A signal aborts the run in flight and skips the rest; the runner is always closed, so no worker
 * thread outlives the command.
 */
export async function runExperiments(configs: readonly ExperimentConfig[], output: CommandOutput): Promise<Outcome> {
  const runner = new ExperimentRunner();
  const interrupt = abortOnSignals();
  const progress = progressLine(output);
  const results: ExperimentResult[] = [];
  const report = (snapshot: ProgressSnapshot) => {
    const done = formatPercent(snapshot.completed, snapshot.expected);
    progress.update(`racelab: ${snapshot.strategy} trial ${snapshot.trial + 1}/${snapshot.trials} ${done}`);
  };
  try {
    for (const config of configs) {
      const result = await runner.run(config, { signal: interrupt.signal, onProgress: report });
      results.push(ExperimentResultSchema.parse(result));
      if (result.status === 'failed') return { results, exitCode: 1 };
    }
    return { results, exitCode: 0 };
  } catch (error) {
    if (!(error instanceof RunAbortedError)) throw error;
    results.push(ExperimentResultSchema.parse(error.result));
    return { results, exitCode: interrupt.exitCode ?? 130 };
  } finally {
    progress.clear();
    interrupt.dispose();
    await runner.close();
  }
}
