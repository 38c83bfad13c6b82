import { ExperimentRunner, type ProgressSnapshot, RunAbortedError, type RunOptions } from '@racelab/core';
import type { ExperimentConfig, ExperimentResult } from '@racelab/schema';
import { formatPercent } from '@racelab/schema/format';
import { abortOnSignals, type SignalSource } from './interrupt.js';
import { type CommandOutput, progressLine } from './output.js';

export interface Outcome {
  /** In run order (core validates each against the shared schema); a cancelled run is the last one. */
  results: ExperimentResult[];
  /** 0 done, 1 a run failed, 130 or 143 interrupted. */
  exitCode: number;
}

/**
 * Runs the configs one after another on one warm runner, so `compare` pays thread start-up once.
 * A signal aborts the run in flight and skips the rest; the runner is always closed, so no worker
 * thread outlives the command.
 */
export async function runExperiments(
  configs: readonly ExperimentConfig[],
  output: CommandOutput,
  /** Extra run options; the tests inject core's faults through it (`withFault` of `@racelab/core/internal`). */
  runOptions: Pick<RunOptions, 'timeoutMs'> = {},
  /** SIGINT and SIGTERM come from here: the process, or an emitter in tests. */
  signals: SignalSource = process,
): Promise<Outcome> {
  const runner = new ExperimentRunner();
  const interrupt = abortOnSignals(undefined, signals);
  const progress = progressLine(output);
  const results: ExperimentResult[] = [];
  const report = (snapshot: ProgressSnapshot) => {
    const done = formatPercent(snapshot.completed, snapshot.expected);
    progress.update(`racelab: ${snapshot.strategy} trial ${snapshot.trial + 1}/${snapshot.trials} ${done}`);
  };
  try {
    for (const config of configs) {
      const result = await runner.run(config, { ...runOptions, signal: interrupt.signal, onProgress: report });
      results.push(result);
    }
    // A failed run (a worker died) does not stop the others: compare still shows every strategy.
    return { results, exitCode: results.some((result) => result.status === 'failed') ? 1 : 0 };
  } catch (error) {
    if (error instanceof RunAbortedError) results.push(error.result);
    // A signal between two runs aborts the next one before it starts, with the bare abort reason.
    else if (interrupt.exitCode === undefined) throw error;
    return { results, exitCode: interrupt.exitCode ?? 130 };
  } finally {
    progress.clear();
    interrupt.dispose();
    await runner.close();
  }
}
