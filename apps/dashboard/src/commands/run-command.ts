import type { ExperimentConfig, RunSource } from '@racelab/schema';
import type { NotebookFlags, SubmitFlags } from '../cli/args.js';
import { hostLabel, withHost } from '../notebook/host-label.js';
import { startSaving } from '../notebook/run-saver.js';
import { holdSignals } from './interrupt.js';
import type { CommandOutput } from './output.js';
import { runExperiments } from './run-experiments.js';

export interface RunCommandOptions {
  json: boolean;
  notebook: NotebookFlags;
  /** `--submit URL`: record the result on a racelab server too. */
  submit?: SubmitFlags | undefined;
  source?: RunSource;
}

/**
 * `racelab run`: one experiment, a human report or exactly one JSON document on stdout, then kept
 * in the notebook (`saved as <id>` on stderr). Keeping or submitting it may fail; the result is
 * printed first and the exit code stays the run's own. Ctrl+C or SIGTERM after the run waits for
 * the save (a run the user saw finish is kept), then exits 130 or 143 without submitting.
 */
export async function runCommand(
  config: ExperimentConfig,
  options: RunCommandOptions,
  output: CommandOutput,
): Promise<number> {
  const saver = await startSaving(options.notebook, options.source ?? 'cli', output);
  // Installed before the run, so no moment between the run's own handlers and the save is unguarded.
  const hold = holdSignals();
  let exitCode: number;
  let result: ReturnType<typeof withHost> | undefined;
  try {
    let outcome: Awaited<ReturnType<typeof runExperiments>>;
    try {
      outcome = await runExperiments([config], output);
    } catch (error) {
      await saver?.discard();
      throw error;
    }
    exitCode = outcome.exitCode;
    const interruptedRun = hold.exitCode !== undefined;
    const host = hostLabel(options.notebook.hostName);
    result = outcome.results[0] && withHost(outcome.results[0], host);
    if (!result) {
      await saver?.discard();
      return exitCode;
    }
    if (options.json) {
      output.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      // The report's formatting is loaded only for people, not for `--json`.
      const [{ runReport }, { paintFor }] = await Promise.all([
        import('../format/run-report.js'),
        import('../format/paint.js'),
      ]);
      output.stdout.write(runReport(result, paintFor(output.stdout, output.env)));
    }
    if (result.error) output.stderr.write(`racelab: ${result.error.message}\n`);
    await saver?.save([result]);
    await hold.release();
    // A signal during the save: it is done, so stop here, as the signal asked.
    if (!interruptedRun && hold.exitCode !== undefined) return hold.exitCode;
  } finally {
    await hold.release();
  }
  if (options.submit && result) {
    const { submitResult } = await import('../notebook/submit-result.js');
    await submitResult(result, options.submit, output);
  }
  return exitCode;
}
