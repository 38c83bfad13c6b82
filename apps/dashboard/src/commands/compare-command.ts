import { type ExperimentConfig, STRATEGIES } from '@racelab/schema';
import type { NotebookFlags } from '../cli/args.js';
import { compareReport } from '../format/compare-report.js';
import { paintFor } from '../format/paint.js';
import { hostLabel, withHost } from '../notebook/host-label.js';
import { startSaving } from '../notebook/run-saver.js';
import { holdSignals } from './interrupt.js';
import type { CommandOutput } from './output.js';
import { runExperiments } from './run-experiments.js';

/** `racelab compare`: every strategy on the same settings; `--json` prints them as one array. Each run is kept. */
export async function compareCommand(
  config: ExperimentConfig,
  options: { json: boolean; notebook: NotebookFlags },
  output: CommandOutput,
): Promise<number> {
  const saver = await startSaving(options.notebook, 'cli', output);
  const configs = STRATEGIES.map((strategy) => ({ ...config, strategy }));
  // Ctrl+C or SIGTERM after the runs waits for the save (runs the user saw finish are kept), then exits 130 or 143.
  const hold = holdSignals();
  try {
    let outcome: Awaited<ReturnType<typeof runExperiments>>;
    try {
      outcome = await runExperiments(configs, output);
    } catch (error) {
      await saver?.discard();
      throw error;
    }
    const interruptedRun = hold.exitCode !== undefined;
    const host = hostLabel(options.notebook.hostName);
    const results = outcome.results.map((result) => withHost(result, host));
    output.stdout.write(
      options.json
        ? `${JSON.stringify(results, null, 2)}\n`
        : compareReport(results, paintFor(output.stdout, output.env)),
    );
    for (const result of results) {
      if (result.error) output.stderr.write(`racelab: ${result.config.strategy}: ${result.error.message}\n`);
    }
    await saver?.save(results);
    await hold.release();
    return !interruptedRun && hold.exitCode !== undefined ? hold.exitCode : outcome.exitCode;
  } finally {
    await hold.release();
  }
}
